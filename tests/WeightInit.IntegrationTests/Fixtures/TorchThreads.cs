using static TorchSharp.torch;

namespace WeightInit.IntegrationTests.Fixtures;

/// <summary>
/// The integration suite trains on a shared 2-core machine with two runs at once: libtorch's default multi-threaded
/// kernels would oversubscribe the cores and slow each step down, so every training thread runs libtorch single-threaded.
/// libtorch applies <c>set_num_threads</c> to the calling thread and to threads that start parallel work afterwards,
/// so it is called on each training thread before its first step (cheap, idempotent).
/// </summary>
internal static class TorchThreads
{
    public static void UseOne() => set_num_threads(1);
}
