using static TorchSharp.torch;

namespace WeightInit.Tests.TestDoubles;

/// <summary>
/// Unit tests train tiny models on a shared 2-core machine: libtorch's default multi-threaded kernels spin and slow
/// such steps down ~15× under contention, so the engine's tests run single-threaded (results stay deterministic).
/// </summary>
internal static class TorchThreads
{
    private static readonly Lazy<bool> One = new(() =>
    {
        set_num_threads(1);
        return true;
    });

    public static void UseOne() => _ = One.Value;
}
