using System.Diagnostics;
using WeightInit.Native;

namespace WeightInit.Tests.Native;

/// <summary>
/// <c>WEIGHTINIT_NATIVE_FIX=0</c> on a host that needs the fix: the CLI says why and what to do, before TorchSharp is
/// touched. Runs the CLI in a child process, because a failed TorchSharp start leaves its process broken for good.
/// </summary>
public sealed class NativeFixSwitchedOffTests
{
    [Fact]
    public async Task Switching_the_fix_off_where_it_is_needed_gives_the_clear_message_and_no_shadow_copy()
    {
        var host = ElfImage.Load(TorchSharpNative.HostStdCxxPath());
        bool needed = ElfImage.Load(TorchSharpNative.FindOriginal()!).Needs
            .Where(n => n.Library == "libstdc++.so.6").Any(n => !host.Definitions.Contains(n.Version));
        string shadow = Path.Combine(AppContext.BaseDirectory, "cpu");
        if (Directory.Exists(shadow))
        {
            Directory.Delete(shadow, recursive: true); // left by a run before this fix; TorchSharp makes it only when its start fails
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "WeightInit.Experiments.dll"), "init", "--method", "he", "--shape", "4,3" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["WEIGHTINIT_NATIVE_FIX"] = "0";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        if (!needed)
        {
            child.ExitCode.Should().Be(0, "this host's libstdc++ needs no fix, so switching it off changes nothing");
            return;
        }

        child.ExitCode.Should().Be(1, await stderr);
        (await stdout).Should().BeEmpty("TorchSharp was never started, so none of its diagnostics are printed");
        string[] lines = (await stderr).TrimEnd().Split('\n');
        lines.Should().HaveCount(2).And.NotContain(l => l.Contains("Exception", StringComparison.Ordinal));
        lines[0].Should().StartWith("WeightInit: TorchSharp's libLibTorchSharp.so needs GLIBCXX_3.4.32 from libstdc++.so.6")
            .And.Contain("WEIGHTINIT_NATIVE_FIX=0; unset it").And.Contain("GCC 13 or newer (Debian 13, Ubuntu 24.04 or later)");
        lines[1].Should().Be("weightinit: nothing was run: TorchSharp's native library cannot be loaded on this host (the reason and the remedies are above).");
        Directory.Exists(shadow).Should().BeFalse("no shadow copy of libtorch is made beside TorchSharp.dll");
    }
}
