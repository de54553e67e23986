using System.CommandLine;
using System.CommandLine.Help;

namespace WeightInit.Experiments.Cli;

/// <summary>The <c>weightinit</c> command line: parsing, exit codes and error reporting in one place.</summary>
internal static class WeightInitCli
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        // A plain command named "weightinit" rather than RootCommand, whose name is the host process's
        // (WeightInit.Experiments, or testhost under a test runner).
        var root = new Command("weightinit", "WeightInit: reproduce and extend a study of weight initialization and training dynamics (MNIST MLPs, TorchSharp).")
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>One line: the option at fault (when known) and the parser's message with its line breaks folded.</summary>
    private static string Describe(System.CommandLine.Parsing.ParseError error)
    {
        string message = string.Join(" ", error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        for (var symbol = error.SymbolResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is System.CommandLine.Parsing.OptionResult option && !message.Contains(option.Option.Name, StringComparison.Ordinal))
            {
                return $"{option.Option.Name}: {message}";
            }
        }

        return message;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns 0 ok, 1 failed run, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"weightinit: {Describe(parse.Errors[0])} (see --help)");
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
