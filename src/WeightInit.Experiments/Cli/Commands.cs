using System.CommandLine;

namespace WeightInit.Experiments.Cli;

/// <summary>Every <c>weightinit</c> subcommand, in the order <c>--help</c> lists them.</summary>
internal static class Commands
{
    /// <summary>The subcommands.</summary>
    public static IEnumerable<Command> All() =>
    [
        ReproduceCommand.Build(),
        InitCommand.Build(),
        StatsCommand.Build(),
        TrainCommand.Build(),
        InspectCommand.Build(),
        SweepCommand.Build(),
        StudyCommand.Build(),
        DataCommand.Build(),
        GalleryCommand.Build(),
    ];
}
