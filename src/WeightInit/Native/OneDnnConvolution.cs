using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace WeightInit.Native;

/// <summary>What <see cref="TorchSharpNative"/> did about libtorch's oneDNN convolutions (see <see cref="TorchSharpNative.OneDnn"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OneDnnState>))]
public enum OneDnnState
{
    /// <summary>Not Linux on x86-64, or libtorch was not found beside the application: libtorch's defaults are left alone.</summary>
    NotApplicable,

    /// <summary>oneDNN is switched off: convolutions take libtorch's own kernels (im2col and MKL GEMM).</summary>
    Disabled,

    /// <summary><c>WEIGHTINIT_ONEDNN=1</c>: oneDNN stays on, as libtorch ships it.</summary>
    KeptByUser,

    /// <summary>The switch was wanted but libtorch did not export the expected functions; see <see cref="OneDnnStatus.Message"/>.</summary>
    Failed,
}

/// <summary>Whether convolutions in this process run on oneDNN, and why.</summary>
/// <param name="State">What was done.</param>
/// <param name="Message">One sentence saying why.</param>
public sealed record OneDnnStatus(OneDnnState State, string Message)
{
    /// <summary>Whether oneDNN (MKLDNN) convolutions are switched off in this process.</summary>
    public bool IsDisabled => State == OneDnnState.Disabled;
}

/// <summary>
/// Switches off oneDNN (libtorch's "MKLDNN" backend) for the whole process, because the oneDNN 3.7.1 bundled in
/// TorchSharp-cpu 0.107's libtorch 2.10 returns wrong input gradients from float32 convolution backward.
/// </summary>
/// <remarks>
/// <para>
/// <b>What was measured</b> (2-core AMD EPYC with AVX-512, one thread): two 3×3 convolutions with tanh, batch 64,
/// 8×8 images. With 1→4→4 channels the summed |∂L/∂W₀| was 18.09 through oneDNN, 23.03 through libtorch's own
/// kernels and 23.03 in float64; with 4→8→8 channels oneDNN returned NaN (it reads the padding of its 16-channel
/// blocked layout, which is not cleared); 3→3→3 channels: 7.763 against 7.737. Channel counts that are multiples of
/// 16 (16, 32, 64) agreed to 7 digits. The gradient with respect to the weights of the last convolution was right in
/// every case: the bad kernel is <c>backward_data</c> (<c>jit:avx512_core</c>, and <c>jit:avx2</c> with
/// <c>ONEDNN_MAX_CPU_ISA=AVX2</c>), so every layer below the last convolution of a CNN learns from wrong gradients.
/// </para>
/// <para>
/// <b>The switch.</b> libtorch exports <c>at::globalContext()</c> and <c>at::Context::setUserEnabledMkldnn(bool)</c>
/// (what PyTorch's <c>torch.backends.mkldnn.enabled = False</c> calls); TorchSharp does not wrap them, so they are called
/// through their C++ symbols (the Itanium ABI passes <c>this</c> as the first argument). NNPACK is switched off with
/// it: libtorch would otherwise try it for every convolution and print "Could not initialize NNPACK! Reason:
/// Unsupported hardware" each time on CPUs it does not support. Linear layers are untouched (they use MKL's GEMM).
/// </para>
/// <para>
/// <b>Cost.</b> libtorch's own convolution kernels were 1.6–4.6× slower than oneDNN's in the same measurement (for
/// example 2.5 against 1.6 ms per forward+backward step for the 1→4→4 case, 173 against 68 ms for 32→64→64 channels
/// on 14×14 images). Correct gradients come first; a user whose convolutions all have multiples of 16 channels, or who
/// has checked their own shapes, can keep oneDNN with <c>WEIGHTINIT_ONEDNN=1</c>.
/// </para>
/// </remarks>
internal static class OneDnnConvolution
{
    /// <summary>The variable that keeps oneDNN on.</summary>
    public const string KeepVariable = "WEIGHTINIT_ONEDNN";

    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetMkldnn = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private const string GetMkldnn = "_ZNK2at7Context17userEnabledMkldnnEv";
    private const string SetNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ContextFunction();

    /// <summary>A non-static member taking a <c>bool</c>: <c>this</c> comes first in the Itanium C++ ABI.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlagFunction(IntPtr self, byte value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate byte GetFlagFunction(IntPtr self);

    /// <summary>Switches oneDNN off in the <c>libtorch_cpu.so</c> found in <paramref name="nativeFolder"/>, unless the user keeps it; never throws.</summary>
    public static OneDnnStatus Apply(string? nativeFolder)
    {
        string? library = nativeFolder is null ? null : Path.Combine(nativeFolder, "libtorch_cpu.so");
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || library is null || !File.Exists(library))
        {
            return new(OneDnnState.NotApplicable, $"libtorch's convolution backends are left alone (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}; libtorch_cpu.so {(library is null ? "not found" : "at " + library)}).");
        }

        string? keep = Environment.GetEnvironmentVariable(KeepVariable);
        if (keep is "1" or "true" or "on")
        {
            return new(OneDnnState.KeptByUser, $"{KeepVariable}={keep}: convolutions run on oneDNN, whose float32 backward gives wrong input gradients for channel counts that are not multiples of 16 on the CPUs measured.");
        }

        // The same file TorchSharp loads next (or has loaded: then this returns the same handle).
        IntPtr handle = Dl.Instance.Open(library, RtldNow | RtldGlobal);
        if (handle == IntPtr.Zero)
        {
            return new(OneDnnState.Failed, $"could not open {library} to switch oneDNN off: {Dl.Instance.LastError()}");
        }

        IntPtr context = Dl.Instance.Symbol(handle, GlobalContext);
        IntPtr set = Dl.Instance.Symbol(handle, SetMkldnn);
        IntPtr get = Dl.Instance.Symbol(handle, GetMkldnn);
        IntPtr nnpack = Dl.Instance.Symbol(handle, SetNnpack);
        if (context == IntPtr.Zero || set == IntPtr.Zero || get == IntPtr.Zero || nnpack == IntPtr.Zero)
        {
            return new(OneDnnState.Failed, $"{library} does not export at::Context's MKLDNN/NNPACK switches ({GlobalContext}, {SetMkldnn}, {GetMkldnn}, {SetNnpack}); oneDNN stays on.");
        }

        IntPtr ctx = Marshal.GetDelegateForFunctionPointer<ContextFunction>(context)();
        Marshal.GetDelegateForFunctionPointer<SetFlagFunction>(set)(ctx, 0);
        Marshal.GetDelegateForFunctionPointer<SetFlagFunction>(nnpack)(ctx, 0);
        return Marshal.GetDelegateForFunctionPointer<GetFlagFunction>(get)(ctx) == 0
            ? new(OneDnnState.Disabled, $"oneDNN switched off: its float32 convolution backward gives wrong input gradients for channel counts that are not multiples of 16; {KeepVariable}=1 keeps it.")
            : new(OneDnnState.Failed, "at::Context::setUserEnabledMkldnn(false) did not take effect; oneDNN stays on.");
    }
}
