using WeightInit.Experiments.Cli;
using WeightInit.Tests.Snapshots;

namespace WeightInit.Tests.Cli;

/// <summary>The command line's contract: help text, exit codes, and one-line errors that name the option.</summary>
public sealed class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await WeightInitCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("root")]
    [InlineData("reproduce")]
    [InlineData("init")]
    [InlineData("stats")]
    [InlineData("train")]
    [InlineData("inspect")]
    [InlineData("sweep")]
    [InlineData("sweep merge")]
    [InlineData("study depth")]
    [InlineData("study depth merge")]
    [InlineData("data fetch")]
    public async Task Every_command_has_help_and_it_matches_the_approved_text(string command)
    {
        string[] args = command == "root" ? ["--help"] : [.. command.Split(' '), "--help"];

        var (code, output, _) = await Run(args);

        code.Should().Be(ExitCodes.Ok);
        Snapshot.Match(output, command.Replace(' ', '-'));
    }

    [Theory]
    [InlineData("--seeds", "reproduce --seeds 0", "--seeds must be between 1 and 100; got 0")]
    [InlineData("--dataset", "reproduce --dataset cifar", "cifar")]
    [InlineData("--scaling", "reproduce --scaling x255", "x255")]
    [InlineData("--threads", "train --threads 0", "--threads must be between 1 and 256; got 0")]
    [InlineData("--method", "init --method kaiming_sideways", "unknown initializer 'kaiming_sideways'")]
    [InlineData("--shape", "init --shape 784,-3", "--shape takes comma-separated integers >= 1; got '-3'")]
    [InlineData("--shape", "init --method he --shape 3,4,5", "exactly 2 dimensions (fan_in, fan_out); got [3, 4, 5]")]
    [InlineData("--activation", "stats --activation swish", "swish")]
    [InlineData("--inits", "stats --inits xavier,bogus", "unknown initializer 'bogus'")]
    [InlineData("--hidden", "train --hidden 0x5 --epochs 1", "--hidden: expected WIDTHxCOUNT")]
    [InlineData("--lr", "train --lr -1", "--lr expects a positive number up to 1000; got '-1'")]
    [InlineData("--validation", "train --validation 1.5", "--validation expects a fraction in [0, 1); got '1.5'")]
    [InlineData("--shard", "sweep --shard 4/4", "0 <= i < n")]
    [InlineData("--shard", "sweep --shards 3", "--shards 3 needs an index")]
    [InlineData("--out", "sweep merge --out /nonexistent/folder", "folder '/nonexistent/folder' does not exist")]
    [InlineData("--model", "inspect --model rnn", "rnn")]
    [InlineData("--init", "inspect --init he,bogus", "unknown initializer 'bogus'")]
    [InlineData("--depth", "inspect --depth 0", "--depth must be between 1 and 100; got 0")]
    [InlineData("--depth", "inspect --hidden 256x5 --depth 20", "--depth 20 needs a single --hidden width (e.g. --hidden 256 --depth 20); got --hidden '256x5'")]
    [InlineData("--depth", "train --hidden 64x2 --depth 3", "--depth 3 needs a single --hidden width (e.g. --hidden 256 --depth 20); got --hidden '64x2'")]
    [InlineData("--init", "train --inits he,bogus", "unknown initializer 'bogus'")]
    [InlineData("--inits", "sweep --init he,bogus", "unknown initializer 'bogus'")]
    [InlineData("--batch", "inspect --batch 1", "--batch must be between 2 and 60000; got 1")]
    [InlineData("--seed", "inspect --seed -4", "--seed must be between 0 and")]
    [InlineData("--activation", "inspect --activation swish", "swish")]
    [InlineData("unknown", "reproduce --quik", "--quik")]
    public async Task Bad_arguments_exit_2_with_one_line_naming_the_option_and_the_value(string option, string commandLine, string expected)
    {
        var (code, output, error) = await Run(commandLine.Split(' '));

        code.Should().Be(ExitCodes.BadArguments, $"'{commandLine}' is a usage error");
        error.TrimEnd().Should().NotContain("\n", "the error is one line").And.Contain(expected).And.StartWith("weightinit: ");
        if (option.StartsWith("--", StringComparison.Ordinal))
        {
            error.Should().Contain(option);
        }

        output.Should().BeEmpty("nothing ran");
    }

    [Fact]
    public async Task Init_prints_the_sample_statistics_next_to_the_formula()
    {
        var (code, output, _) = await Run("init", "--method", "xavier", "--shape", "784,256", "--seed", "42");

        code.Should().Be(ExitCodes.Ok);
        output.Should().Contain("shape [784, 256], fan_in 784, fan_out 256, seed 42, 200704 values");
        output.Should().MatchRegex(@"\| std\s+\|\s+0\.04[34]\d\d \|\s+0\.04385 \|", "Xavier's std is sqrt(2/1040) = 0.04385 and 200 704 draws land within 0.5 %");
    }

    [Fact]
    public async Task Init_list_shows_every_initializer_name()
    {
        var (code, output, _) = await Run("init", "--list");

        code.Should().Be(ExitCodes.Ok);
        foreach (string name in WeightInit.Initializers.Initializer.Names)
        {
            output.Should().Contain(name);
        }
    }
}
