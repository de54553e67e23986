using static TorchSharp.torch;

namespace WeightInit.Experimenting;

/// <summary>
/// Builds models with TorchSharp's global generator in a known state and puts its previous state back: layers such as
/// <c>nn.Linear</c> draw their own initialization from it at construction. One lock for the process keeps two builds from
/// seeding it in between (draws of modules while training, such as dropout, are not under it: see <see cref="SeedDerivation"/>).
/// </summary>
internal static class GlobalGenerator
{
    private static readonly Lock Gate = new();

    /// <summary>Runs <paramref name="build"/> after <c>torch.manual_seed(seed)</c> (or on the current state when null), then restores the state.</summary>
    public static T Building<T>(long? seed, Func<T> build)
    {
        lock (Gate)
        {
            using var saved = random.get_rng_state();
            try
            {
                if (seed is { } s)
                {
                    manual_seed(s);
                }

                return build();
            }
            finally
            {
                random.set_rng_state(saved);
            }
        }
    }
}
