using System.Text.Json.Serialization;

namespace WeightInit.Native;

/// <summary>What <see cref="TorchSharpNative"/> did about oneMKL's CPU-vendor check (see <see cref="TorchSharpNative.MklVendorOverride"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MklVendorOverrideState>))]
public enum MklVendorOverrideState
{
    /// <summary>Not Linux on x86-64, or the CPU is not an AMD one: MKL's own dispatch is left alone.</summary>
    NotApplicable,

    /// <summary>Switched off with <c>WEIGHTINIT_MKL_FIX=0</c>: MKL takes the code path it picks for a non-Intel CPU.</summary>
    OptedOut,

    /// <summary>The override object was loaded before libtorch: MKL picks its code path by CPUID features alone.</summary>
    Applied,

    /// <summary>libtorch was already loaded when the bootstrap ran, so interposing now could not change what MKL decided.</summary>
    TooLate,

    /// <summary>The override was wanted but could not be written or loaded; see <see cref="MklVendorOverrideStatus.Message"/>.</summary>
    Failed,
}

/// <summary>
/// Which oneMKL code path this process runs and why: a reader comparing figures from two machines can tell whether
/// the last digits differ because the matrix kernels differ.
/// </summary>
/// <param name="State">What was done.</param>
/// <param name="Message">One sentence saying why.</param>
/// <param name="CpuVendor">The CPUID vendor string (<c>AuthenticAMD</c>, <c>GenuineIntel</c>, …), or empty when not on x86.</param>
/// <param name="CpuModel">The CPUID brand string (for example <c>AMD EPYC 9R45</c>), or empty when unavailable.</param>
/// <param name="ObjectPath">The override shared object that was loaded, when one was.</param>
public sealed record MklVendorOverrideStatus(
    MklVendorOverrideState State,
    string Message,
    string CpuVendor,
    string CpuModel,
    string? ObjectPath)
{
    /// <summary>Whether MKL's vendor check answers "Intel" in this process because of the override.</summary>
    public bool IsActive => State == MklVendorOverrideState.Applied;
}
