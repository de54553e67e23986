using System.CommandLine;
using WeightInit.Data;
using WeightInit.Experiments.Cli;
using WeightInit.Tests.Data;

namespace WeightInit.Tests.Cli;

/// <summary>
/// <c>--data-dir</c>, which <c>--offline</c>'s help and the offline error tell users to pass, exists on every command that
/// loads data and reaches the loader.
/// </summary>
public sealed class DataDirOptionTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("stats")]
    [InlineData("inspect")]
    [InlineData("sweep")]
    [InlineData("reproduce")]
    [InlineData("study depth")]
    [InlineData("data fetch")]
    public void Every_command_that_loads_data_takes_data_dir_as_its_data_options_directory(string command)
    {
        using var folder = new TempFolder();

        var parse = WeightInitCli.Build().Parse([.. command.Split(' '), "--data-dir", folder.Path]);

        parse.Errors.Should().BeEmpty($"'{command} --data-dir' is a valid command line");
        ResolvedOptions(parse).Directory.Should().Be(folder.Path);
    }

    [Fact]
    public async Task Stats_data_dir_with_a_folder_of_IDX_files_is_where_the_files_are_read_from()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        var fake = FakeDataset.Create();
        fake.WritePlain(folder.Combine("idx"));
        var parse = WeightInitCli.Build().Parse(["stats", "--data-dir", folder.Combine("idx"), "--offline"]);

        // The command's own options, with the tiny data set's descriptor (its MD5s) in place of MNIST's and only local sources.
        var options = ResolvedOptions(parse) with { Dataset = fake.Descriptor(), CacheDirectory = cache.Path, UseSystemPackages = false, UseNpm = false };
        var files = await MnistDatasets.FetchAsync(options);

        options.Offline.Should().BeTrue();
        files.Source.Should().Be(DatasetSourceKind.Directory);
        files.Paths.Should().OnlyContain(p => p.StartsWith(folder.Combine("idx"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_data_dir_that_does_not_exist_is_a_usage_error_naming_the_option()
    {
        var parse = WeightInitCli.Build().Parse(["train", "--data-dir", "/nonexistent/weightinit-idx"]);

        parse.Errors.Select(e => e.Message).Should().ContainSingle().Which.Should().Be("--data-dir expects an existing folder; got '/nonexistent/weightinit-idx', which does not exist");
    }

    /// <summary>What the parsed command's own <c>--dataset</c>, <c>--offline</c> and <c>--data-dir</c> resolve to.</summary>
    private static DatasetOptions ResolvedOptions(ParseResult parse)
    {
        var options = parse.CommandResult.Command.Options;
        return parse.DataOptions(
            (Option<string>)options.Single(o => o.Name == "--dataset"),
            (Option<bool>)options.Single(o => o.Name == "--offline"),
            (Option<string?>)options.Single(o => o.Name == "--data-dir"));
    }
}
