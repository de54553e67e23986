using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using WeightInit.Training;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// Shows training progress: Spectre.Console bars (one per run, with the epoch, its running mean loss and the last
/// validation accuracy) on an interactive terminal; one plain line per finished epoch, with its mean loss and validation
/// accuracy, when output is redirected, <c>CI</c> is set or <c>TERM=dumb</c>.
/// </summary>
internal sealed class ConsoleProgress : IProgress<TrainingProgress>, IProgress<string>
{
    private readonly TextWriter _output;
    private readonly ProgressContext? _context;
    private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new();
    private readonly ConcurrentDictionary<string, TrainingProgress> _lastEpoch = new();
    private readonly Lock _gate = new();
    private string _experiment = string.Empty;
    private int _epochs;

    private ConsoleProgress(TextWriter output, ProgressContext? context)
    {
        _output = output;
        _context = context;
    }

    /// <summary>Whether bars can be drawn: an interactive terminal, not CI, not a dumb terminal, and the real console as output.</summary>
    public static bool Interactive(TextWriter output) =>
        ReferenceEquals(output, Console.Out)
        && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Runs <paramref name="work"/> with a progress display suited to <paramref name="output"/>.</summary>
    public static async Task<T> RunAsync<T>(TextWriter output, Func<ConsoleProgress, Task<T>> work)
    {
        if (!Interactive(output))
        {
            return await work(new ConsoleProgress(output, null));
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(context => work(new ConsoleProgress(output, context)));
    }

    /// <summary>Announces the next experiment and how many epochs each of its runs has.</summary>
    public void BeginExperiment(string id, int epochs)
    {
        lock (_gate)
        {
            _experiment = id;
            _epochs = epochs;
        }
    }

    /// <inheritdoc />
    public void Report(string value)
    {
        lock (_gate)
        {
            if (_context is null)
            {
                _output.WriteLine(value);
            }
            else
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(value)}[/]");
            }
        }
    }

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        string name = $"{_experiment} {value.Run}";
        if (_context is null)
        {
            if (value.Kind is ProgressKind.EpochEnd)
            {
                lock (_gate)
                {
                    _output.WriteLine(ProgressText.EpochLine(name, _epochs, value));
                }
            }
            else if (value.Kind is ProgressKind.RunEnd && value.Status is not RunStatus.Completed)
            {
                lock (_gate)
                {
                    _output.WriteLine($"{name}: {value.Status} at step {value.Step}");
                }
            }

            return;
        }

        var task = _tasks.GetOrAdd(name, n =>
        {
            lock (_gate)
            {
                return _context.AddTask(Markup.Escape(n), maxValue: Math.Max(1, _epochs * value.StepsPerEpoch));
            }
        });
        lock (_gate)
        {
            _lastEpoch.TryGetValue(name, out var lastEpoch);
            task.Value = value.Kind == ProgressKind.RunEnd ? task.MaxValue : Math.Min(task.MaxValue, value.Step);
            task.Description = Markup.Escape(ProgressText.Bar(name, _epochs, value, lastEpoch));
            if (value.Kind == ProgressKind.EpochEnd)
            {
                _lastEpoch[name] = value;
            }
            else if (value.Kind == ProgressKind.RunEnd)
            {
                task.StopTask();
            }
        }
    }
}
