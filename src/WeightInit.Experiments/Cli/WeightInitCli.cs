using System.CommandLine;

namespace WeightInit.Experiments.Cli;

/// <summary>The <c>weightinit</c> command line: parsing, exit codes and error reporting in one place.</summary>
internal static class WeightInitCli
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("WeightInit: reproduce and extend a study of weight initialization and training dynamics (MNIST MLPs, TorchSharp).");
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns 0 ok, 1 failed run, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"weightinit: {parse.Errors[0].Message} (see --help)");
            return ExitCodes.BadArguments;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"weightinit: {e.Message}");
            return ExitCodes.BadArguments;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("weightinit: cancelled; finished parts were written and marked partial.");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"weightinit: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
