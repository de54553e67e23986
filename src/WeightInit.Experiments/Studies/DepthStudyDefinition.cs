using System.Globalization;
using WeightInit.Experiments.Cli;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Sweeps;

namespace WeightInit.Experiments.Studies;

/// <summary>
/// The depth study (issue 15, part 3): when does the choice between Xavier and He decide whether a plain MLP trains?
/// It is a sweep (<see cref="SweepGrid"/>) whose settings mark it as this study, so it shards and merges like any sweep.
/// </summary>
/// <param name="Depths">Hidden-layer counts (default 5, 10, 20, 30: He et al. 2015 trained plain ReLU nets up to 30 layers).</param>
/// <param name="Width">Hidden width (default 256, the documents' width).</param>
/// <param name="Activations">Activations (default tanh, relu).</param>
/// <param name="Initializers">
/// Study initializer names: <c>xavier</c> and <c>he</c> (the documents' normal variants, zero biases), <c>orthogonal</c> (with the
/// activation's gain, Saxe et al. 2014), <c>lsuv</c> (Mishkin &amp; Matas 2016, orthogonal start, unit-variance rescaling).
/// </param>
/// <param name="Seeds">Seeds per cell, 42, 43, … (at least 3 for a t-interval worth reading).</param>
/// <param name="Epochs">Training epochs per cell (default 3).</param>
/// <param name="TrainSubset">Training images per cell (default all 60 000).</param>
/// <param name="LearningRate">Plain SGD learning rate (default 0.01, the documents').</param>
/// <param name="SpreadSeeds">
/// Initializations (seeds 42, 43, …) over which the first seed's cell measures the spread of the forward std at the last
/// hidden layer before training — the finite-width deviation from the mean-field prediction (Hanin &amp; Rolnick 2018).
/// </param>
/// <param name="Dataset">Data set name (mnist or fashion-mnist).</param>
internal sealed record DepthStudyDefinition(
    IReadOnlyList<int> Depths,
    int Width,
    IReadOnlyList<string> Activations,
    IReadOnlyList<string> Initializers,
    int Seeds,
    int Epochs,
    int TrainSubset,
    double LearningRate,
    int SpreadSeeds,
    string Dataset)
{
    /// <summary>The settings key that marks a sweep grid as a depth study.</summary>
    public const string StudyKey = "study";

    /// <summary>Minibatch size (the documents').</summary>
    public const int BatchSize = 128;

    /// <summary>The first seed; seeds count up from it.</summary>
    public const int FirstSeed = 42;

    /// <summary>The initializer names the study knows.</summary>
    public static readonly IReadOnlyList<string> KnownInitializers = ["xavier", "he", "orthogonal", "lsuv"];

    /// <summary>The full grid of the issue: depths 5–30, width 256, tanh and relu, four initializers, 3 seeds, 3 epochs, SGD 0.01, all of MNIST.</summary>
    public static DepthStudyDefinition Full { get; } = new([5, 10, 20, 30], 256, ["tanh", "relu"], KnownInitializers, 3, 3, 60_000, 0.01, 8, "mnist");

    /// <summary>The sweep grid: cells depth × width × activation × initializer × seed; every setting that changes a result is in the fingerprint.</summary>
    public SweepGrid ToGrid() => new SweepGrid(
        Depths, [Width], Activations, Initializers, Enumerable.Range(FirstSeed, Seeds).ToArray(),
        new SortedDictionary<string, string>
        {
            [StudyKey] = "depth",
            ["dataset"] = Dataset,
            ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
            ["train_subset"] = TrainSubset.ToString(CultureInfo.InvariantCulture),
            ["batch"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["lr"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["spread_seeds"] = SpreadSeeds.ToString(CultureInfo.InvariantCulture),
        }).Validate();

    /// <summary>Reads a definition back from a grid written by <see cref="ToGrid"/>.</summary>
    /// <exception cref="InvalidDataException">The grid is not a depth study's.</exception>
    public static DepthStudyDefinition FromGrid(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var s = grid.Settings;
        if (!s.TryGetValue(StudyKey, out string? study) || study != "depth" || grid.Widths.Count != 1)
        {
            throw new InvalidDataException($"grid {grid.Fingerprint} is not a depth study (expected settings study=depth and one width); got settings {string.Join(", ", s.Select(kv => $"{kv.Key}={kv.Value}"))}");
        }

        int Int(string key) => int.Parse(s[key], CultureInfo.InvariantCulture);
        return new DepthStudyDefinition(grid.Depths, grid.Widths[0], grid.Activations, grid.Initializers, grid.Seeds.Count, Int("epochs"), Int("train_subset"),
            double.Parse(s["lr"], CultureInfo.InvariantCulture), Int("spread_seeds"), s["dataset"]);
    }

    /// <summary>
    /// The scheme of a study initializer for an activation: the documents' <c>xavier</c> (std <c>√(2/(fan_in+fan_out))</c>) and
    /// <c>he</c> (std <c>√(2/fan_in)</c>), <c>orthogonal(gain)</c> with the activation's gain (5/3 for tanh, √2 for relu), or LSUV.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="KnownInitializers"/>.</exception>
    public static InitializationScheme Scheme(string initializer, string activation) => initializer switch
    {
        "xavier" or "he" => ModelFactory.Scheme(initializer),
        "orthogonal" => new InitializationScheme(new Orthogonal(Gain.For(activation)), name: "orthogonal"),
        "lsuv" => InitializationScheme.FromLsuv(new Lsuv(), name: "lsuv"),
        _ => throw new ArgumentException($"unknown depth-study initializer '{initializer}'; expected one of {string.Join(", ", KnownInitializers)}", nameof(initializer)),
    };
}
