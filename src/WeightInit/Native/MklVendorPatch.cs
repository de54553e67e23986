using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using WeightInit.Internal;

namespace WeightInit.Native;

/// <summary>
/// Lets oneMKL (linked statically into TorchSharp-cpu's <c>libtorch_cpu.so</c>) choose its kernels on AMD CPUs by
/// their instruction set, as it does on Intel ones.
/// </summary>
/// <remarks>
/// <para>
/// MKL asks the exported function <c>mkl_serv_intel_cpu_true()</c> whether the CPU is an Intel one and, on AMD, gets 0
/// and stays on a generic code path (measured on an AVX-512 EPYC: sgemm 84 instead of 184 GFLOP/s on one thread, tanh
/// of a 128×256 block 84 instead of 7 µs). A shared object that defines the same symbol returning 1, opened with
/// <c>RTLD_NOW | RTLD_GLOBAL</c> before <c>libtorch_cpu.so</c> is loaded, comes first in the global symbol scope, so
/// libtorch's calls bind to it; MKL then still picks AVX2 or AVX-512 by CPUID. The object is written by
/// <see cref="TinyElf"/> (its code is <c>mov eax, 1; ret</c>) into the user cache under a name made of the SHA-256 of
/// its bytes, atomically, and reused.
/// </para>
/// <para>
/// Only on Linux x86-64 with the CPUID vendor <c>AuthenticAMD</c>; <c>WEIGHTINIT_MKL_FIX=0</c> (or <c>false</c>,
/// <c>off</c>) switches it off. Results differ from the plain path in the last digits (other kernels, other rounding).
/// </para>
/// </remarks>
internal static class MklVendorPatch
{
    /// <summary>The opt-out variable.</summary>
    public const string OptOutVariable = "WEIGHTINIT_MKL_FIX";

    /// <summary>The symbol MKL's dispatcher calls to ask whether the CPU is an Intel one.</summary>
    public const string Symbol = "mkl_serv_intel_cpu_true";

    private const string Soname = "libweightinit-mkl-vendor.so";
    private const int RtldNow = 0x2;
    private const int RtldNoLoad = 0x4;
    private const int RtldGlobal = 0x100;

    /// <summary><c>mov eax, 1; ret</c>: the whole function body.</summary>
    private static ReadOnlySpan<byte> ReturnOne => [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];

    /// <summary>The bytes of the override object.</summary>
    public static byte[] Image() => TinyElf.SharedObject(Soname, Symbol, ReturnOne);

    /// <summary>Applies the override when this host wants it; never throws.</summary>
    public static MklVendorOverrideStatus Apply(IEnumerable<string> cacheRoots)
    {
        var (vendor, model) = Cpu();
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || vendor != "AuthenticAMD")
        {
            return new(MklVendorOverrideState.NotApplicable, $"MKL's dispatch is left alone: the override is for AMD x86-64 CPUs under Linux (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, vendor '{vendor}').", vendor, model, null);
        }

        if (Environment.GetEnvironmentVariable(OptOutVariable) is "0" or "false" or "off")
        {
            return new(MklVendorOverrideState.OptedOut, $"{OptOutVariable}={Environment.GetEnvironmentVariable(OptOutVariable)}: MKL takes its path for non-Intel CPUs.", vendor, model, null);
        }

        if (MappedLibTorch() is not null)
        {
            return new(MklVendorOverrideState.TooLate, "libtorch_cpu.so was loaded before WeightInit's bootstrap ran, so the override was not applied; call TorchSharpNative.TryEnsureLoaded() before the first TorchSharp call.", vendor, model, null);
        }

        try
        {
            string path = WriteObject(cacheRoots);
            var dl = Dl.Instance;
            IntPtr handle = dl.Open(path, RtldNow | RtldGlobal);
            if (handle == IntPtr.Zero)
            {
                throw new InvalidOperationException($"dlopen({path}) failed: {dl.LastError()}");
            }

            return new(MklVendorOverrideState.Applied, $"CPU vendor {vendor}: loaded {path} first, so MKL's vendor check answers 'Intel' and MKL picks its kernels by CPUID.", vendor, model, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            return new(MklVendorOverrideState.Failed, $"The MKL vendor override could not be applied ({e.Message}); MKL takes its path for non-Intel CPUs.", vendor, model, null);
        }
    }

    /// <summary>Writes (or reuses) the object under the first writable root as <c>native/mkl-&lt;sha256&gt;/libweightinit-mkl-vendor.so</c>.</summary>
    internal static string WriteObject(IEnumerable<string> roots)
    {
        byte[] image = Image();
        string key = Convert.ToHexStringLower(SHA256.HashData(image))[..32];
        var errors = new List<string>();
        foreach (string root in roots)
        {
            string target = Path.Combine(root, "native", "mkl-" + key, Soname);
            try
            {
                if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(image))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    AtomicFile.WriteAllBytes(target, image);
                }

                return target;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{target}: {e.Message}");
            }
        }

        throw new IOException($"no writable cache folder for the MKL vendor override ({string.Join("; ", errors)}).");
    }

    /// <summary>
    /// MKL's own record of the code path it dispatches to (<c>mkl_serv_cpu_detect()</c> in libtorch's MKL: 0 is its
    /// generic path; on an AVX-512 EPYC the override gives 7), or <see langword="null"/> when libtorch is not loaded.
    /// </summary>
    public static int? DispatchCode()
    {
        string? path = OperatingSystem.IsLinux() ? MappedLibTorch() : null;
        if (path is null)
        {
            return null;
        }

        var dl = Dl.Instance;
        IntPtr handle = dl.Open(path, RtldNow | RtldNoLoad);
        IntPtr detect = handle == IntPtr.Zero ? IntPtr.Zero : dl.Symbol(handle, "mkl_serv_cpu_detect");
        return detect == IntPtr.Zero ? null : Marshal.GetDelegateForFunctionPointer<Dl.IntFunction>(detect)();
    }

    /// <summary>The CPUID vendor and brand strings; empty on non-x86 hosts.</summary>
    internal static (string Vendor, string Model) Cpu()
    {
        if (!X86Base.IsSupported)
        {
            return ("", "");
        }

        var (_, b, c, d) = X86Base.CpuId(0, 0);
        string vendor = Ascii(b, d, c);
        var (maxExtended, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
        if ((uint)maxExtended < 0x80000004)
        {
            return (vendor, "");
        }

        var brand = new StringBuilder();
        for (int leaf = 2; leaf <= 4; leaf++)
        {
            var (a, bb, cc, dd) = X86Base.CpuId(unchecked((int)(0x80000000 + leaf)), 0);
            brand.Append(Ascii(a, bb, cc, dd));
        }

        return (vendor, brand.ToString().TrimEnd('\0').Trim());
    }

    private static string Ascii(params int[] registers) =>
        Encoding.ASCII.GetString(registers.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>The path of the <c>libtorch_cpu.so</c> mapped into this process, or <see langword="null"/>.</summary>
    internal static string? MappedLibTorch() =>
        File.ReadLines("/proc/self/maps").Where(l => l.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..]).FirstOrDefault();
}
