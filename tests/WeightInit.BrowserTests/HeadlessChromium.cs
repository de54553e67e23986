using System.Diagnostics;
using System.Text.RegularExpressions;

namespace WeightInit.BrowserTests;

/// <summary>
/// Runs Debian's <c>chromium</c> headless on a local file with every network request sent to a dead proxy
/// (127.0.0.1:9, loopback included), in a throw-away profile. Console messages come back on stderr
/// (<c>--enable-logging=stderr</c> logs each as <c>INFO:CONSOLE…] "message", source: …</c>).
/// </summary>
internal static partial class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The browser: <c>$CHROMIUM</c> if set, else <c>chromium</c> on PATH.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "chromium";

    /// <summary>The DOM after load (and <paramref name="budgetMs"/> ms of virtual time), and the console lines Chromium logged.</summary>
    public static (string Dom, IReadOnlyList<string> Console) DumpDom(string file, int width, int height, int budgetMs = 5000)
    {
        var (stdout, stderr) = Run(file, $"--window-size={width},{height}", $"--virtual-time-budget={budgetMs}", "--dump-dom");
        return (stdout, ConsoleLines(stderr));
    }

    /// <summary>A PNG screenshot of the page's top <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static void Screenshot(string file, string png, int width, int height)
    {
        Run(file, $"--window-size={width},{height}", "--hide-scrollbars", "--virtual-time-budget=3000", $"--screenshot={png}");
        if (!File.Exists(png) || new FileInfo(png).Length == 0)
        {
            throw new InvalidOperationException($"chromium wrote no screenshot to {png}; expected a PNG of {file}.");
        }
    }

    /// <summary>The messages of Chromium's <c>CONSOLE</c> log lines in <paramref name="stderr"/>.</summary>
    internal static IReadOnlyList<string> ConsoleLines(string stderr) =>
        stderr.Split('\n').Select(l => ConsoleLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["message"].Value.Trim()).ToArray();

    private static (string Stdout, string Stderr) Run(string file, params string[] extra)
    {
        string profile = Directory.CreateTempSubdirectory("weightinit-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}",
            }.Concat(extra).Append(new Uri(Path.GetFullPath(file)).AbsoluteUri))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} did not finish within {Timeout.TotalSeconds} s on {file}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Executable} exited with {process.ExitCode} on {file}; expected 0. stderr:\n{stderr.Result}");
            }

            return (stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run '{Executable}' ({e.Message}): install Debian's chromium (apt-get install chromium) or set CHROMIUM; scripts/browser-check.sh does it.", e);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still be closing its files; the folder is in the temp directory.
            }
        }
    }

    [GeneratedRegex("""INFO:CONSOLE[^\]]*\]\s*(?<message>.*)$""")]
    private static partial Regex ConsoleLine();
}
