namespace WeightInit.Native;

/// <summary>What <see cref="TorchSharpNative.TryEnsureLoaded"/> found and did.</summary>
public enum TorchSharpNativeState
{
    /// <summary>Not on Linux: nothing to do.</summary>
    NotApplicable,

    /// <summary><c>libLibTorchSharp.so</c> was not found beside the application; TorchSharp will report that itself.</summary>
    LibraryNotFound,

    /// <summary>The host's libstdc++ provides every symbol version TorchSharp needs: nothing was changed.</summary>
    NotNeeded,

    /// <summary>A patched copy was made (or reused) and loaded in place of the original.</summary>
    Patched,

    /// <summary>
    /// A fix was needed and could not be applied, or was switched off with <c>WEIGHTINIT_NATIVE_FIX=0</c>; see
    /// <see cref="TorchSharpNativeStatus.Message"/>.
    /// </summary>
    Failed,
}

/// <summary>The outcome of making TorchSharp's native library loadable on this host.</summary>
/// <param name="State">What was found and done.</param>
/// <param name="Message">A one-paragraph explanation, including the remedy when <paramref name="State"/> is <see cref="TorchSharpNativeState.Failed"/>.</param>
/// <param name="OriginalPath">The <c>libLibTorchSharp.so</c> the application ships, when found.</param>
/// <param name="PatchedPath">The patched copy that was loaded, when one was.</param>
/// <param name="MissingVersions">Symbol versions the host's libstdc++ lacks (empty when none).</param>
public sealed record TorchSharpNativeStatus(
    TorchSharpNativeState State,
    string Message,
    string? OriginalPath,
    string? PatchedPath,
    IReadOnlyList<string> MissingVersions);
