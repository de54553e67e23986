using WeightInit.Experiments.Cli;

namespace WeightInit.IntegrationTests.Reproduce;

/// <summary>
/// Runs <c>weightinit reproduce --quick --out DIR</c> once, in-process, exactly as the command line would, and keeps
/// its exit code, output and folder for the assertions of <see cref="ReproduceQuickTests"/>; deletes the folder afterwards.
/// </summary>
public sealed class QuickReproduction : IAsyncLifetime
{
    /// <summary>The output folder.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"weightinit-reproduce-quick-{Guid.NewGuid():N}");

    /// <summary>The process exit code the command returned.</summary>
    public int ExitCode { get; private set; } = -1;

    /// <summary>What it wrote to standard output.</summary>
    public string Output { get; private set; } = string.Empty;

    /// <summary>What it wrote to standard error.</summary>
    public string Error { get; private set; } = string.Empty;

    /// <summary>The path of <paramref name="file"/> in the output folder.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        ExitCode = await WeightInitCli.RunAsync(["reproduce", "--quick", "--out", Directory], output, error);
        Output = output.ToString();
        Error = error.ToString();
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
