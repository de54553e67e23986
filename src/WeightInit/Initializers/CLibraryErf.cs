using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// The C library's <c>erf</c>, the function behind Python's <c>math.erf</c> (CPython calls it directly), so that bounds
/// PyTorch computes in Python come out the same to the last bit. .NET has no erf of its own; libtorch's
/// <c>special.erf</c> goes through MKL's vector math in TorchSharp's build, which may round differently and whose code
/// path depends on the CPU. Falls back to libtorch where no C library exports <c>erf</c>.
/// </summary>
internal static class CLibraryErf
{
    private static readonly Func<double, double>? Native = Find();

    public static double Erf(double x)
    {
        if (Native is not null)
        {
            return Native(x);
        }

        using var value = tensor(x, ScalarType.Float64);
        using var erf = special.erf(value);
        return erf.ToDouble();
    }

    private static Func<double, double>? Find()
    {
        // glibc, macOS's libSystem, Windows' universal C runtime (what CPython links on each).
        foreach (string library in new[] { "libm.so.6", "libSystem.dylib", "ucrtbase.dll", "libm.so" })
        {
            if (NativeLibrary.TryLoad(library, out IntPtr handle) && NativeLibrary.TryGetExport(handle, "erf", out IntPtr erf))
            {
                var function = Marshal.GetDelegateForFunctionPointer<ErfFunction>(erf);
                return x => function(x);
            }
        }

        return null;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate double ErfFunction(double x);
}
