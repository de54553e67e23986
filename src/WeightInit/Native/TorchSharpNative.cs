using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using WeightInit.Internal;

namespace WeightInit.Native;

/// <summary>
/// Makes TorchSharp's native library load on Linux hosts whose libstdc++ predates GCC 13
/// (Debian 12, Ubuntu 22.04, …), with nothing done by hand.
/// </summary>
/// <remarks>
/// <para>
/// <b>The problem.</b> TorchSharp 0.107's <c>libLibTorchSharp.so</c> carries a version-needed entry for
/// <c>GLIBCXX_3.4.32</c> (GCC 13.2). It only pins <c>std::ios_base_library_init()</c>, which nothing here
/// relies on, but glibc's loader refuses the whole library when the host's <c>libstdc++.so.6</c> lacks
/// that version, and TorchSharp's first call throws <see cref="TypeInitializationException"/>.
/// </para>
/// <para>
/// <b>The fix.</b> When, and only when, the host's libstdc++ (the one already mapped into this process)
/// does not define a version that <c>libLibTorchSharp.so</c> needs, a copy is made in which exactly those
/// entries carry <c>VER_FLG_WEAK</c>; the loader then accepts it. The copy lives in the per-user cache
/// (<c>$XDG_CACHE_HOME/weightinit/native/&lt;sha256 of the original&gt;/</c>), is written atomically and
/// reused; files in the NuGet cache, the SDK and the system are never touched.
/// </para>
/// <para>
/// <b>Why preloading.</b> TorchSharp's <c>LoadNativeBackend</c> (src/TorchSharp/Torch.cs) loads
/// <c>torch_cpu</c> and then <c>LibTorchSharp</c> by name through <c>NativeLibrary.TryLoad(name, assembly, …)</c>;
/// a <c>NativeLibrary.SetDllImportResolver</c> is never consulted by those calls, and replacing files in
/// the NuGet cache is out of bounds. Loading the patched copy by full path first works: the later by-name
/// <c>dlopen("libLibTorchSharp.so")</c> matches the mapped copy by its SONAME. The copy sits outside the
/// package folder, so its <c>RUNPATH $ORIGIN</c> no longer finds libtorch; <c>libc10</c>,
/// <c>libtorch_cpu</c> and <c>libtorch</c> are therefore loaded from the original's folder by full path
/// first (otherwise a system libtorch, e.g. Debian's, could be picked up and crash the process).
/// An <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/> handler returning the same handle covers
/// a loader that asks the load context after a failed default probe.
/// </para>
/// <para>
/// <b>When it runs.</b> It must run before anything touches <c>TorchSharp.torch</c>: one failed type
/// initialization leaves the process broken. The WeightInit package compiles a module initializer into
/// the consuming assembly (buildTransitive/WeightInit.targets) that calls <see cref="TryEnsureLoaded"/>,
/// and WeightInit.dll has its own for code that reaches WeightInit first. Set
/// <c>WEIGHTINIT_NATIVE_FIX=0</c> to switch it off (on a host that needs the fix this is then reported as
/// <see cref="TorchSharpNativeState.Failed"/>, with the same message) and <c>WEIGHTINIT_NATIVE_CACHE</c> to choose the folder.
/// </para>
/// <para>
/// <b>MKL on AMD.</b> The same bootstrap first makes oneMKL (inside <c>libtorch_cpu.so</c>) choose its kernels by
/// instruction set on AMD CPUs (see <see cref="MklVendorOverride"/>); <c>WEIGHTINIT_MKL_FIX=0</c> switches that off.
/// </para>
/// <para>
/// <b>oneDNN convolutions.</b> Once libtorch is loaded, the bootstrap switches its oneDNN backend off, because its float32
/// convolution backward returns wrong input gradients for channel counts that are not multiples of 16 (see
/// <see cref="OneDnn"/>); <c>WEIGHTINIT_ONEDNN=1</c> keeps it.
/// </para>
/// </remarks>
public static class TorchSharpNative
{
    private const string LibraryFile = "libLibTorchSharp.so";
    private const string StdCxx = "libstdc++.so.6";
    private static readonly string[] LibTorchDependencies = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly Lock Gate = new();
    private static TorchSharpNativeStatus? s_status;
    private static MklVendorOverrideStatus? s_mkl;
    private static OneDnnStatus? s_oneDnn;
    private static IntPtr s_handle;

    /// <summary>Whether <see cref="Bootstrap"/> has already written the failure to standard error.</summary>
    public static bool FailureReported { get; private set; }

    /// <summary>The outcome of the first <see cref="TryEnsureLoaded"/> call, or <see langword="null"/> before it.</summary>
    public static TorchSharpNativeStatus? Status => s_status;

    /// <summary>
    /// What the bootstrap did about oneMKL's CPU-vendor check (on AMD x86-64 under Linux it makes MKL pick its kernels
    /// by instruction set, as on Intel; <c>WEIGHTINIT_MKL_FIX=0</c> switches that off), or <see langword="null"/> before
    /// the first <see cref="TryEnsureLoaded"/>.
    /// </summary>
    public static MklVendorOverrideStatus? MklVendorOverride => s_mkl;

    /// <summary>
    /// Whether libtorch's oneDNN convolutions are switched off in this process (they are by default on Linux x86-64,
    /// because their float32 backward gives wrong input gradients for channel counts that are not multiples of 16;
    /// <c>WEIGHTINIT_ONEDNN=1</c> keeps them; see <see cref="OneDnnState"/>), or <see langword="null"/> before the first
    /// <see cref="TryEnsureLoaded"/>.
    /// </summary>
    public static OneDnnStatus? OneDnn => s_oneDnn;

    /// <summary>
    /// MKL's own record of the code path it dispatches to (<c>mkl_serv_cpu_detect()</c> in libtorch's MKL: 0 is its
    /// generic path; on an AVX-512 EPYC with the vendor override it is 7), or <see langword="null"/> when libtorch is not
    /// loaded or does not export it.
    /// </summary>
    public static int? MklDispatchCode() => MklVendorPatch.DispatchCode();

    /// <summary>
    /// Makes TorchSharp's native library loadable if this host needs it; safe to call many times and from
    /// several threads (the work is done once). Never throws: failures are reported in the returned status.
    /// </summary>
    public static TorchSharpNativeStatus TryEnsureLoaded()
    {
        lock (Gate)
        {
            if (s_status is null)
            {
                // Before anything loads libtorch_cpu.so: the override only takes effect if it is in place first.
                s_mkl = MklVendorPatch.Apply(CacheRoots());
                s_status = Run();
                s_oneDnn = s_status.State == TorchSharpNativeState.Failed
                    ? new(OneDnnState.NotApplicable, "libtorch could not be loaded, so its convolution backends were left alone.")
                    : OneDnnConvolution.Apply(Path.GetDirectoryName(s_status.OriginalPath));
            }

            return s_status;
        }
    }

    /// <summary>
    /// What the module initializers run before any user code: <see cref="TryEnsureLoaded"/>, and when a needed fix
    /// failed, the reason and the remedies on standard error, once. A module initializer must not throw (the runtime
    /// would wrap it in a <see cref="TypeInitializationException"/>), so code that goes on to call TorchSharp
    /// directly would otherwise see only TorchSharp's own <c>TypeInitializationException</c>; WeightInit's entry points
    /// that create tensors call <see cref="EnsureLoaded"/> and throw <see cref="TorchSharpNativeLoadException"/>.
    /// </summary>
    public static void Bootstrap()
    {
        bool first = s_status is null;
        var status = TryEnsureLoaded();
        if (first && status.State == TorchSharpNativeState.Failed)
        {
            Console.Error.WriteLine("WeightInit: " + status.Message);
            FailureReported = true;
        }
    }

    /// <summary>Like <see cref="TryEnsureLoaded"/>, but throws when a needed fix could not be applied.</summary>
    /// <exception cref="TorchSharpNativeLoadException">The host lacks a libstdc++ version TorchSharp needs and no loadable copy could be made.</exception>
    public static void EnsureLoaded()
    {
        var status = TryEnsureLoaded();
        if (status.State == TorchSharpNativeState.Failed)
        {
            throw new TorchSharpNativeLoadException(status);
        }
    }

    private static TorchSharpNativeStatus Run()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new(TorchSharpNativeState.NotApplicable, "Nothing to do on this platform.", null, null, []);
        }

        string? switchedOff = Environment.GetEnvironmentVariable("WEIGHTINIT_NATIVE_FIX");
        switchedOff = switchedOff is "0" or "false" or "off" ? switchedOff : null;

        string? original = FindOriginal();
        if (original is null)
        {
            return new(TorchSharpNativeState.LibraryNotFound, $"{LibraryFile} was not found in the application's native search folders.", null, null, []);
        }

        IReadOnlyList<string> missing = [];
        try
        {
            byte[] bytes = File.ReadAllBytes(original);
            var needed = ElfImage.Parse(bytes, original).Needs.Where(n => n.Library == StdCxx).Select(n => n.Version).Distinct().ToList();
            string host = HostStdCxxPath();
            var provided = ElfImage.Load(host).Definitions;
            missing = needed.Where(v => !provided.Contains(v)).ToList();
            if (missing.Count == 0)
            {
                return new(TorchSharpNativeState.NotNeeded, $"{host} provides every version {LibraryFile} needs.", original, null, []);
            }

            if (switchedOff is not null)
            {
                // Reported like any failed fix, before TorchSharp is touched (its own failure shadow-copies ~500 MB and prints pages).
                return Failure(original, missing, $"the fix is switched off (WEIGHTINIT_NATIVE_FIX={switchedOff}; unset it to let WeightInit make the copy).");
            }

            string patched = WritePatchedCopy(original, bytes, missing, CacheRoots());
            Load(original, patched);
            return new(TorchSharpNativeState.Patched, $"{host} lacks {string.Join(", ", missing)}; loaded {patched}, a copy of {original} with those entries marked weak.", original, patched, missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException or DllNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return Failure(original, missing, e.Message);
        }
    }

    /// <summary>The status reported when a needed fix could not be applied: names the versions and the remedies.</summary>
    internal static TorchSharpNativeStatus Failure(string original, IReadOnlyList<string> missing, string reason)
    {
        string versions = missing.Count == 0 ? "a newer GLIBCXX symbol version" : string.Join(", ", missing);
        return new(
            TorchSharpNativeState.Failed,
            $"TorchSharp's {LibraryFile} needs {versions} from {StdCxx}, which this host's libstdc++ does not provide, " +
            $"and WeightInit could not make a loadable copy: {reason} " +
            "Remedies: run on a host with libstdc++ from GCC 13 or newer (Debian 13, Ubuntu 24.04 or later), " +
            "or point WEIGHTINIT_NATIVE_CACHE (or XDG_CACHE_HOME) at a writable folder.",
            original,
            null,
            missing);
    }

    /// <summary>The first <c>libLibTorchSharp.so</c> in the runtime's native search folders (deps.json assets, or the publish folder).</summary>
    internal static string? FindOriginal()
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
        {
            dirs.AddRange(list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        string baseDir = AppContext.BaseDirectory;
        dirs.Add(baseDir);
        dirs.Add(Path.Combine(baseDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
        dirs.Add(Path.Combine(baseDir, "runtimes", "linux-x64", "native"));
        string? torchSharpDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharpDir))
        {
            dirs.Add(torchSharpDir);
        }

        return dirs.Select(d => Path.Combine(d, LibraryFile)).FirstOrDefault(File.Exists);
    }

    /// <summary>The path of the libstdc++ this process uses: the dotnet host maps it before any managed code runs.</summary>
    internal static string HostStdCxxPath()
    {
        NativeLibrary.TryLoad(StdCxx, out _);
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.Contains("/" + StdCxx, StringComparison.Ordinal))
            {
                return line[slash..].Trim();
            }
        }

        throw new InvalidOperationException($"could not find {StdCxx} among the libraries mapped into this process (/proc/self/maps).");
    }

    /// <summary>Writes (or reuses) the patched copy under the first writable root, keyed by the original's SHA-256.</summary>
    internal static string WritePatchedCopy(string original, byte[] bytes, IReadOnlyList<string> missing, IEnumerable<string> roots)
    {
        byte[] patched = ElfVersionPatcher.MarkWeak(bytes, original, StdCxx, missing);
        string key = Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];
        var errors = new List<string>();
        foreach (string root in roots)
        {
            string target = Path.Combine(root, "native", key, LibraryFile);
            try
            {
                if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(patched))
                {
                    return target;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                AtomicFile.WriteAllBytes(target, patched);
                return target;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{target}: {e.Message}");
            }
        }

        throw new IOException($"no writable cache folder for the patched copy ({string.Join("; ", errors)}).");
    }

    internal static IEnumerable<string> CacheRoots()
    {
        string? configured = Environment.GetEnvironmentVariable("WEIGHTINIT_NATIVE_CACHE");
        if (!string.IsNullOrEmpty(configured))
        {
            yield return configured;
        }

        yield return UserCache.Root;
        yield return Path.Combine(Path.GetTempPath(), $"weightinit-{Environment.UserName}");
    }

    private static void Load(string original, string patched)
    {
        string dir = Path.GetDirectoryName(original)!;
        foreach (string dependency in LibTorchDependencies)
        {
            string path = Path.Combine(dir, dependency);
            if (File.Exists(path))
            {
                NativeLibrary.Load(path);
            }
        }

        s_handle = NativeLibrary.Load(patched);
        var context = AssemblyLoadContext.GetLoadContext(typeof(TorchSharp.torch).Assembly) ?? AssemblyLoadContext.Default;
        context.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name) =>
        name is "LibTorchSharp" or LibraryFile ? s_handle : IntPtr.Zero;
}
