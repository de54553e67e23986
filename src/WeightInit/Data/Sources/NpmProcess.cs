using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WeightInit.Data.Sources;

/// <summary>
/// Runs the npm client so that nothing it starts outlives the fetch. On Linux and other hosts with <c>setsid</c>, the
/// client runs under a small <c>sh</c> watchdog that leads a new process group: cancelling or timing out ends the whole
/// group (npm's own helpers included, even those no longer its children), and when the fetching process dies without a
/// chance to clean up (<c>kill -9</c>), the watchdog notices within a second and ends the group itself. Elsewhere the
/// client is started directly and its process tree is ended on cancellation.
/// </summary>
internal sealed class NpmProcess : IDisposable
{
    /// <summary>
    /// The watchdog: <c>$1</c> is the owner's process id, the rest the command. It starts the command in the background,
    /// checks every second that both still run, ends its own process group when the owner is gone, and finally exits
    /// with the command's exit code.
    /// </summary>
    internal const string Watchdog =
        "owner=$1; shift\n" +
        "\"$@\" &\n" +
        "child=$!\n" +
        "while kill -0 \"$child\" 2>/dev/null; do\n" +
        "  if ! kill -0 \"$owner\" 2>/dev/null; then kill -KILL 0; fi\n" +
        "  sleep 1\n" +
        "done\n" +
        "wait \"$child\"\n";

    private const int SigKill = 9;
    private readonly Process _process;
    private readonly bool _inOwnGroup;

    private NpmProcess(Process process, bool inOwnGroup)
    {
        _process = process;
        _inOwnGroup = inOwnGroup;
    }

    /// <summary>The process started: the watchdog (which leads the group) or the client itself.</summary>
    public Process Process => _process;

    /// <summary>Starts <paramref name="command"/> with <paramref name="arguments"/> in <paramref name="workDirectory"/>, owned by process <paramref name="ownerPid"/>.</summary>
    /// <exception cref="IOException">The process could not be started.</exception>
    public static NpmProcess Start(string command, IReadOnlyList<string> arguments, string workDirectory, int ownerPid)
    {
        string? setsid = OperatingSystem.IsWindows() ? null : NpmSource.FindExecutable("setsid");
        var start = new ProcessStartInfo(setsid ?? command)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            // setsid execs in place (a child of .NET is never a group leader), so the watchdog's pid is the group's id.
            foreach (string part in (string[])["/bin/sh", "-c", Watchdog, "weightinit-npm", ownerPid.ToString(System.Globalization.CultureInfo.InvariantCulture), command])
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new IOException($"could not start '{command}'");
        return new NpmProcess(process, setsid is not null);
    }

    /// <summary>Ends the client and everything in its process group (or, without one, its process tree).</summary>
    public void Kill()
    {
        // Asked now, not at start: setsid makes the new group only once it runs, a moment after Process.Start returns.
        if (_inOwnGroup && GetProcessGroup(_process.Id) == _process.Id)
        {
            _ = KillGroup(-_process.Id, SigKill);
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _process.Dispose();

    private static int GetProcessGroup(int pid) => LibC.Value is { } libc ? libc.GetPgid(pid) : -1;

    private static int KillGroup(int negativeGroup, int signal) => LibC.Value is { } libc ? libc.Kill(negativeGroup, signal) : -1;

    private static readonly Lazy<LibCFunctions?> LibC = new(LibCFunctions.TryLoad);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntIntFunction(int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int KillFunction(int pid, int signal);

    /// <summary>
    /// <c>getpgid</c> and <c>kill</c> from the C library, found by file name: a <c>[DllImport("libc")]</c> can resolve to
    /// the <c>libc.so</c> linker script that development packages install, which does not load.
    /// </summary>
    private sealed record LibCFunctions(IntIntFunction GetPgid, KillFunction Kill)
    {
        public static LibCFunctions? TryLoad()
        {
            foreach (string name in (string[])["libc.so.6", "libc.dylib", "libc"])
            {
                if (NativeLibrary.TryLoad(name, out IntPtr handle)
                    && NativeLibrary.TryGetExport(handle, "getpgid", out IntPtr getpgid)
                    && NativeLibrary.TryGetExport(handle, "kill", out IntPtr kill))
                {
                    return new LibCFunctions(
                        Marshal.GetDelegateForFunctionPointer<IntIntFunction>(getpgid),
                        Marshal.GetDelegateForFunctionPointer<KillFunction>(kill));
                }
            }

            return null;
        }
    }
}
