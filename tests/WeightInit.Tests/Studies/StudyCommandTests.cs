using WeightInit.Experiments.Cli;

namespace WeightInit.Tests.Studies;

/// <summary><c>weightinit study depth</c> refuses bad values before running anything: exit 2, one line naming the option and the value.</summary>
public sealed class StudyCommandTests
{
    [Theory]
    [InlineData("--depths", "study depth --depths 5,0", "--depths takes comma-separated integers >= 1; got '0'")]
    [InlineData("--depths", "study depth --depths 5,5", "Depths repeats 5")]
    [InlineData("--activations", "study depth --activations sigmoid", "unknown activation 'sigmoid'")]
    [InlineData("--inits", "study depth --inits xavier,zero", "unknown initializer 'zero'")]
    [InlineData("--seeds", "study depth --seeds 0", "--seeds must be between 1 and 100; got 0")]
    [InlineData("--epochs", "study depth --epochs 0", "--epochs must be between 1 and 1000; got 0")]
    [InlineData("--train-subset", "study depth --train-subset 10", "--train-subset must be between 256 and 60000; got 10")]
    [InlineData("--lr", "study depth --lr -0.5", "--lr expects a learning rate in (0, 10]; got '-0.5'")]
    [InlineData("--spread-seeds", "study depth --spread-seeds 1", "--spread-seeds must be between 2 and 1000; got 1")]
    [InlineData("--stop-below", "study depth --stop-below 150", "--stop-below expects a percentage in (0, 100); got '150'")]
    [InlineData("--shard", "study depth --shard 2/2", "0 <= i < n")]
    [InlineData("--out", "study depth merge --out /nonexistent/depth", "folder '/nonexistent/depth' does not exist")]
    [InlineData("--depth-study", "reproduce --depth-study /nonexistent/depth-study.json", "got '/nonexistent/depth-study.json', which does not exist")]
    public async Task Bad_study_arguments_exit_2_with_one_line_naming_the_option_and_the_value(string option, string commandLine, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await WeightInitCli.RunAsync(commandLine.Split(' '), output, error);

        code.Should().Be(ExitCodes.BadArguments, $"'{commandLine}' is a usage error");
        error.ToString().TrimEnd().Should().NotContain("\n").And.Contain(expected).And.Contain(option).And.StartWith("weightinit: ");
        output.ToString().Should().BeEmpty("nothing ran");
    }
}
