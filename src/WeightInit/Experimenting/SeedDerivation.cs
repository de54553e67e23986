using static TorchSharp.torch;

namespace WeightInit.Experimenting;

/// <summary>The independent random streams of one run.</summary>
public enum RandomStream
{
    /// <summary>The train/validation split (shared by every initializer run with the same seed).</summary>
    Split = 1,

    /// <summary>Weight and bias draws.</summary>
    Initialization = 2,

    /// <summary>The batch LSUV measures on.</summary>
    Lsuv = 3,

    /// <summary>The batch the activation probe measures on.</summary>
    Probe = 4,

    /// <summary>The order of training batches.</summary>
    Shuffle = 5,

    /// <summary>
    /// The seed given to TorchSharp's global generator (<c>torch.manual_seed</c>) just before the model factory runs, so that
    /// layers drawing their own initialization from it at construction (kept by <see cref="Models.UnmatchedPolicy.KeepModuleInitialization"/>)
    /// draw the same values on every run with the same seed.
    /// </summary>
    ModelConstruction = 6,
}

/// <summary>
/// How every random draw of an experiment follows from its seeds. For experiment seed <c>s</c> and stream <c>k</c>
/// (<see cref="RandomStream"/>), the run uses a fresh <c>torch.Generator</c> seeded with
/// <c>SplitMix64(s + k · 0x9E3779B97F4A7C15)</c> (Steele, Lea &amp; Flood 2014's mixing function, mod 2⁶⁴).
/// The initializer is deliberately not an input: every initializer run on seed <c>s</c> sees the same split, the
/// same probe batch and the same batch order (common random numbers), which is what makes paired differences
/// between initializers meaningful. The runs' own draws share no generator, so they do not depend on how many runs go at
/// once. Two exceptions draw from TorchSharp's global generator, which this library cannot give each run:
/// <list type="bullet">
/// <item>Layers that initialize themselves at construction (<c>nn.Linear</c>, <c>nn.Conv2d</c>, …). Before each call of the
/// model factory the run seeds the global generator with <c>torch.manual_seed</c> from stream
/// <see cref="RandomStream.ModelConstruction"/> (under a lock shared by the runs of the process) and puts its previous
/// state back afterwards, so layers a scheme keeps (<see cref="Models.UnmatchedPolicy.KeepModuleInitialization"/>) are the
/// same on every run with the same seed <em>when runs go one at a time</em>.</item>
/// <item>Modules that draw while training, such as dropout.</item>
/// </list>
/// With more than one run at once (<see cref="ExperimentBuilder.WithMaxDegreeOfParallelism"/>), another run's dropout can
/// draw from the global generator between the seeding and a layer's construction, and dropout masks interleave: such
/// models are reproducible only with one run at a time.
/// </summary>
public static class SeedDerivation
{
    /// <summary>The generator seed of stream <paramref name="stream"/> for experiment seed <paramref name="seed"/>.</summary>
    public static ulong Derive(long seed, RandomStream stream)
    {
        unchecked
        {
            ulong z = (ulong)seed + ((ulong)stream * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A new CPU generator for the stream (the caller disposes it).</summary>
    public static Generator CreateGenerator(long seed, RandomStream stream) => new(Derive(seed, stream));

    /// <summary>
    /// The seed of <see cref="RandomStream.ModelConstruction"/> as <c>torch.manual_seed</c> takes it: the derived value's
    /// upper 63 bits, so it is never negative.
    /// </summary>
    public static long GlobalSeed(long seed) => (long)(Derive(seed, RandomStream.ModelConstruction) >> 1);

    /// <summary>One-line description recorded in results.</summary>
    public const string Description = "torch.Generator(SplitMix64(seed + stream * 0x9E3779B97F4A7C15)); streams: split=1, initialization=2, lsuv=3, probe=4, shuffle=5; " +
        "torch.manual_seed(SplitMix64(seed + 6 * 0x9E3779B97F4A7C15) >> 1) before each model is built";
}
