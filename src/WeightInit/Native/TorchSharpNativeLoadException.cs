namespace WeightInit.Native;

/// <summary>
/// Thrown when TorchSharp's native library cannot be made loadable on this host. The message names the
/// missing libstdc++ symbol version and the remedies (a libstdc++ from GCC 13 or newer, as on Debian 13 or
/// Ubuntu 24.04, or a writable cache folder).
/// </summary>
public sealed class TorchSharpNativeLoadException : InvalidOperationException
{
    /// <summary>Creates the exception from a failed <see cref="TorchSharpNativeStatus"/>.</summary>
    public TorchSharpNativeLoadException(TorchSharpNativeStatus status)
        : base((status ?? throw new ArgumentNullException(nameof(status))).Message)
    {
        Status = status;
    }

    /// <summary>What was found and tried.</summary>
    public TorchSharpNativeStatus Status { get; }
}
