using WeightInit.Initializers;
using WeightInit.Models;
using static TorchSharp.torch;

namespace WeightInit.Reproducibility;

/// <summary>
/// Consumes a generator the way PyTorch 1.13 code consumes its default generator (after <c>torch.manual_seed</c>),
/// so a run in C# sees the same random numbers as the Python it reproduces. libtorch's CPU generator (mt19937) is the
/// same in PyTorch and TorchSharp; what has to match is which calls draw, how much, and in what order. Checked bit for
/// bit against PyTorch 1.13 (scripts/pytorch-stream-fixture.py).
/// </summary>
public static class PyTorchStream
{
    /// <summary>
    /// <c>torch.empty((), dtype=torch.int64).random_(generator)</c>: one 64-bit draw <c>r</c>, returned as
    /// <c>r mod 2⁶³</c>. TorchSharp's <c>random_</c> needs bounds, so this draws <c>randint(−2⁶³, 2⁶³−1)</c>, which
    /// consumes the same single 64-bit number and returns <c>(r mod (2⁶⁴−1)) − 2⁶³</c>; that gives back <c>r</c> except
    /// when <c>r = 2⁶⁴−1</c> (probability 2⁻⁶⁴), where the result is 0 instead of 2⁶³−1.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public static long RandomInt64(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var drawn = randint(long.MinValue, long.MaxValue, [1], ScalarType.Int64, generator: generator);
        ulong r = unchecked((ulong)(drawn.item<long>() - long.MinValue));
        return (long)(r & long.MaxValue);
    }

    /// <summary>
    /// What one pass over PyTorch 1.13's <c>DataLoader(dataset, shuffle=True)</c> (sampler's own generator unset, any
    /// <c>num_workers</c>) draws and yields: the iterator's <c>_base_seed</c> (<see cref="RandomInt64"/>), then the
    /// <c>RandomSampler</c>'s seed (<see cref="RandomInt64"/>) for a fresh generator, and <c>randperm(count)</c> from it.
    /// The batches are consecutive slices of the returned permutation (int64; the caller owns it).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public static Tensor DataLoaderShuffle(long count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        DataLoaderIteratorStarted(generator);
        using var sampler = new Generator((ulong)RandomInt64(generator));
        return randperm(count, generator: sampler);
    }

    /// <summary>
    /// The one draw of <c>iter(DataLoader)</c> itself in PyTorch 1.13 (<c>_base_seed</c>), made by every loader, shuffled
    /// or not (e.g. a test loader with <c>shuffle=False</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public static void DataLoaderIteratorStarted(Generator generator) => RandomInt64(generator);

    /// <summary>
    /// A model built as a PyTorch module of <c>nn.Linear</c> layers is: every layer's own initialization first, in module
    /// order (weight <c>kaiming_uniform_(a=√5)</c>, then bias <c>U(±1/√fan_in)</c>: <see cref="PyTorchLinearDefault"/>,
    /// <see cref="PyTorchLinearDefaultBias"/>), then <paramref name="then"/> (e.g. the documents' <c>initialize_weights</c>
    /// per layer), all from <paramref name="generator"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="then"/> does not fit the model (see <see cref="Mlp.Initialize"/>).</exception>
    public static Mlp CreateMlp(MlpSpec spec, InitializationScheme then, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(then);
        var model = Mlp.Create(spec, new InitializationScheme(new PyTorchLinearDefault(), new PyTorchLinearDefaultBias(), "pytorch_default"), generator);
        try
        {
            model.Initialize(then, generator);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
