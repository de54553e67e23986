namespace WeightInit.Experiments.Cli;

/// <summary>What <c>weightinit</c> returns to the shell.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>A run failed or was cancelled (what finished is written and marked partial).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong; nothing was run.</summary>
    public const int BadArguments = 2;
}
