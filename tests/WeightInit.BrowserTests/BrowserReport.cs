using WeightInit.Experiments.Cli;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace WeightInit.BrowserTests;

/// <summary>
/// A report folder and what the browser saw of its report.html. The folder is <c>$WEIGHTINIT_REPORT_DIR</c> when set
/// (to check a full run's report), else a fresh <c>weightinit reproduce --quick</c> run in-process, deleted afterwards.
/// The screenshot (1280 × 1600, top of the page) goes to <c>$WEIGHTINIT_SCREENSHOT</c> when set, else into the folder.
/// </summary>
public sealed class BrowserReport : IAsyncLifetime
{
    private readonly IMessageSink _log;
    private bool _ownsFolder;

    public BrowserReport(IMessageSink log) => _log = log;

    /// <summary>The report folder.</summary>
    public string Directory { get; private set; } = string.Empty;

    /// <summary>The screenshot written.</summary>
    public string Screenshot { get; private set; } = string.Empty;

    /// <summary>report.html's text as written.</summary>
    public string Html { get; private set; } = string.Empty;

    /// <summary>The probe of report.html as written.</summary>
    internal ProbeResult Probe { get; private set; } = new([], []);

    /// <summary>The path of <paramref name="file"/> in the report folder.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("WEIGHTINIT_REPORT_DIR") is { Length: > 0 } given)
        {
            Directory = Path.GetFullPath(given);
        }
        else
        {
            _ownsFolder = true;
            Directory = Path.Combine(Path.GetTempPath(), $"weightinit-browser-{Guid.NewGuid():N}");
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = await WeightInitCli.RunAsync(["reproduce", "--quick", "--out", Directory], output, error);
            if (code != 0)
            {
                throw new InvalidOperationException($"weightinit reproduce --quick exited with {code}; expected 0. stderr:\n{error}");
            }
        }

        Html = await File.ReadAllTextAsync(PathOf("report.html"));
        Probe = PageProbe.Run(Html);
        Screenshot = Environment.GetEnvironmentVariable("WEIGHTINIT_SCREENSHOT") is { Length: > 0 } shot ? Path.GetFullPath(shot) : PathOf("report-screenshot.png");
        HeadlessChromium.Screenshot(PathOf("report.html"), Screenshot, 1280, 1600);
        Log($"report folder {Directory}; screenshot {Screenshot} ({new FileInfo(Screenshot).Length} bytes)");
        foreach (var view in Probe.Views)
        {
            Log($"{view.View}: {view.Width} px wide, scroll width {view.ScrollWidth}, {view.Figures.Count} figures " +
                $"({string.Join(", ", view.Figures.Select(f => $"{f.Id} {f.Tag} {f.Width:F0}×{f.Height:F0}"))}), {view.Tables.Count} tables, " +
                $"{view.Errors.Count} errors, {view.Resources.Count} resources requested, {view.Text.Length} characters of text");
        }

        Log($"chromium console lines: {Probe.ConsoleLines.Count}{string.Concat(Probe.ConsoleLines.Select(l => "\n  " + l))}");
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (_ownsFolder && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private void Log(string message) => _log.OnMessage(new DiagnosticMessage("[browser] " + message));
}
