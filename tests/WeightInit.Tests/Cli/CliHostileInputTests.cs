using System.CommandLine;
using WeightInit.Experiments.Cli;

namespace WeightInit.Tests.Cli;

/// <summary>
/// Every option of the CLI's own definition, fed values a user may type by mistake: each is refused with exit 2 and one
/// stderr line naming the option, before anything runs. Options added later are walked automatically.
/// </summary>
public sealed class CliHostileInputTests
{
    /// <summary>Options whose value is a folder or file name to create: any non-empty name is legal, so only the empty one is refused.</summary>
    private static readonly string[] OutputPathOptions = ["reproduce --out", "train --out", "inspect --out", "sweep --out", "sweep merge --out", "study depth --out", "study depth merge --out", "data fetch --dir", "gallery --out"];

    private static readonly string[] HostileValues = ["abc", "", "-1", "99999999999999999999", "1e999"];

    public static TheoryData<string, string, string> EveryOptionAndHostileValue()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, option) in Walk(WeightInitCli.Build(), []))
        {
            foreach (string value in HostileValues)
            {
                data.Add(string.Join(" ", path), option.Name, value);
            }
        }

        return data;
    }

    [Fact]
    public void The_walk_covers_every_command_and_the_known_options()
    {
        var walked = Walk(WeightInitCli.Build(), []).Select(p => $"{string.Join(" ", p.Path)} {p.Option.Name}").ToArray();

        walked.Should().HaveCountGreaterThan(40, "six commands with 3 to 15 options each");
        walked.Should().Contain(["train --epochs", "train --init", "sweep --shards", "sweep merge --out", "data fetch --dataset", "init --seed", "reproduce --quick"]);
        walked.Should().Contain(OutputPathOptions, "the exempt list names real options, so it cannot silently cover a removed one");
    }

    [Theory]
    [MemberData(nameof(EveryOptionAndHostileValue))]
    public async Task A_hostile_value_exits_2_with_one_line_naming_the_option(string command, string option, string value)
    {
        string[] args = [.. command.Split(' '), option, value];
        var errors = WeightInitCli.Build().Parse(args).Errors;
        if (OutputPathOptions.Contains($"{command} {option}") && value.Length > 0)
        {
            errors.Should().BeEmpty($"'{value}' is a legal name for {option}");
            return;
        }

        errors.Should().NotBeEmpty($"'{command} {option} {value}' must be refused while parsing, before any work starts");

        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await WeightInitCli.RunAsync(args, output, error);

        code.Should().Be(ExitCodes.BadArguments);
        string text = error.ToString().TrimEnd();
        text.Should().NotContain("\n", "the error is one line").And.StartWith("weightinit: ").And.Contain(option);
        text.Should().NotMatchRegex(@"\sat [\w.`<>]+\.[\w<>`]+\(", "no stack trace").And.NotContain("Exception");
        output.ToString().Should().BeEmpty("nothing ran");
    }

    [Theory]
    [InlineData("inspectt", "unknown command 'inspectt' for 'weightinit'; commands: reproduce, init, stats, train, inspect, sweep, study, data")]
    [InlineData("sweep mergee", "unknown command 'mergee' for 'weightinit sweep'; commands: merge")]
    [InlineData("data", "'weightinit data' needs a command; commands: fetch")]
    public async Task An_unknown_or_missing_command_is_named_and_the_commands_are_listed(string commandLine, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await WeightInitCli.RunAsync(commandLine.Split(' '), output, error);

        code.Should().Be(ExitCodes.BadArguments);
        error.ToString().TrimEnd().Should().Be($"weightinit: {expected} (see --help)");
    }

    private static IEnumerable<(string[] Path, Option Option)> Walk(Command command, string[] parent)
    {
        string[] path = [.. parent, command.Name];
        foreach (var option in command.Options.Where(o => o is not System.CommandLine.Help.HelpOption and not VersionOption))
        {
            yield return (path[1..], option);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var item in Walk(sub, path))
            {
                yield return item;
            }
        }
    }
}
