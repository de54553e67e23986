using WeightInit.Tests.Native;

namespace WeightInit.Tests;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is switched off in the project file). Under the test
/// runner it is never called; tests that need a fresh process with other settings run
/// <c>dotnet WeightInit.Tests.dll &lt;mode&gt; …</c>, which lands here after the module initializers have run.
/// </summary>
internal static class TestProgram
{
    public static int Main(string[] args) => args switch
    {
        [MklProbe.Mode, string output] => MklProbe.WriteTo(output),
        [Data.NpmChildProcess.FetchMode, string cache, string npm] => Data.NpmChildProcess.Fetch(cache, npm),
        [Data.NpmChildProcess.OfflineDefaultMode] => Data.NpmChildProcess.PrintOfflineDefault(),
        _ => 2,
    };
}
