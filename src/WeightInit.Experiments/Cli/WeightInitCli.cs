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

    /// <summary>One line for the first parse error: the unknown command or the option at fault, with the parser's message folded.</summary>
    private static string Describe(ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count > 0 && AfterSwitch(parse, parse.UnmatchedTokens[0]) is { } flag)
        {
            return $"{flag} is a switch and takes no value (give it alone, or {flag}=true/false); got '{parse.UnmatchedTokens[0]}'";
        }

        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count > 0 && (command.Action is null || parse.UnmatchedTokens.Any(t => !t.StartsWith('-'))))
        {
            string path = string.Join(" ", Path(parse.CommandResult));
            string list = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            string? word = parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) ?? parse.UnmatchedTokens.FirstOrDefault();
            return word switch
            {
                null => $"'{path}' needs a command; commands: {list}",
                _ when word.StartsWith('-') => $"unknown option '{word}' for '{path}'; commands: {list}",
                _ => $"unknown command '{word}' for '{path}'; commands: {list}",
            };
        }

        var error = parse.Errors[0];
        string message = UsageException.OneLine(error.Message.Replace('\t', ' '));
        for (var symbol = error.SymbolResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is System.CommandLine.Parsing.OptionResult option && !message.Contains(option.Option.Name, StringComparison.Ordinal))
            {
                return $"{option.Option.Name}: {message}";
            }
        }

        return message;
    }

    /// <summary>The name of the on/off option just before the stray <paramref name="word"/> (<c>--quick abc</c>), if that is what precedes it.</summary>
    private static string? AfterSwitch(ParseResult parse, string word)
    {
        var tokens = parse.Tokens;
        for (int i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Value == word)
            {
                string previous = tokens[i - 1].Value;
                var option = parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == previous || o.Aliases.Contains(previous));
                return option?.ValueType == typeof(bool) ? option.Name : null;
            }
        }

        return null;
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult? result) =>
        result is null ? [] : [.. Path(result.Parent as System.CommandLine.Parsing.CommandResult), result.Command.Name];

    /// <summary>
    /// Help with list defaults as a user types them: System.CommandLine 2.0 joins a list default with '|'
    /// (<c>[default: 784|256]</c>) and offers no public way to format it, but every list option here takes commas.
    /// </summary>
    internal static string CommaDefaults(string help) =>
        System.Text.RegularExpressions.Regex.Replace(help, @"\[default: [^\]\r\n]*\]", m => m.Value.Replace('|', ','));

    /// <summary>Parses and runs <paramref name="args"/>; returns 0 ok, 1 failed run, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"weightinit: {Describe(parse)} (see --help)");
            return ExitCodes.BadArguments;
        }

        // Help goes through a buffer so list defaults can be shown as they are typed (see CommaDefaults).
        using var help = parse.Action is HelpAction ? new StringWriter() : null;
        var configuration = new InvocationConfiguration
        {
            Output = help ?? output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };

        try
        {
            if (parse.Action is not null && parse.Action == parse.CommandResult.Command.Action)
            {
                // Before any command touches TorchSharp: its own failed start shadow-copies ~500 MB and prints pages.
                WeightInit.Native.TorchSharpNative.EnsureLoaded();
            }

            int code = await parse.InvokeAsync(configuration, cancellationToken);
            if (help is not null)
            {
                await output.WriteAsync(CommaDefaults(help.ToString()));
            }

            return code;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"weightinit: {e.Message}");
            return ExitCodes.BadArguments;
        }
        catch (WeightInit.Native.TorchSharpNativeLoadException e)
        {
            await error.WriteLineAsync(WeightInit.Native.TorchSharpNative.FailureReported
                ? "weightinit: nothing was run: TorchSharp's native library cannot be loaded on this host (the reason and the remedies are above)."
                : $"weightinit: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("weightinit: cancelled; finished parts were written and marked partial.");
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            // One line even for libtorch's errors, whose message carries the native stack.
            await error.WriteLineAsync($"weightinit: {e.GetType().Name}: {UsageException.OneLine(e.Message)}");
            return ExitCodes.Failed;
        }
    }
}
