using WeightInit.Data;

namespace WeightInit.Experiments.Reproduction;

/// <summary>Which input scalings <c>reproduce</c> trains with.</summary>
public enum ScalingChoice
{
    /// <summary>Pixels in [0, 1] (<c>ToTensor()</c>): the scaling behind every number the documents print.</summary>
    Unit,

    /// <summary>[0, 1] plus the documents' code taken literally: Q5.3 with <c>× 255</c>, Q5.4 with <c>x·0.5 + 0.5</c>.</summary>
    All,
}

/// <summary>Everything <c>weightinit reproduce</c> can be told.</summary>
/// <param name="OutputDirectory">The folder that receives figures, report.md, results.json and CSV files.</param>
/// <param name="Seeds">How many seeds per configuration (42, 43, …).</param>
/// <param name="Quick">A reduced run (2 epochs on 6 000 training and 2 000 test images) for a first look and CI.</param>
/// <param name="Dataset">mnist or fashion-mnist.</param>
/// <param name="Threads">libtorch intra-op threads per training run.</param>
/// <param name="Parallel">Training runs at once.</param>
/// <param name="Scaling">Which input scalings to train with.</param>
/// <param name="Data">Where the data set comes from (cache, mirrors, npm…).</param>
/// <param name="Exact">Run Q5.3 and Q5.4 once with seed 42, drawing random numbers in PyTorch's order (<see cref="ExactReproduction"/>).</param>
/// <param name="DepthStudy">A depth-study.json (<c>weightinit study depth</c>) whose intervals the report's recommendation uses; null: none.</param>
public sealed record ReproduceOptions(
    string OutputDirectory,
    int Seeds,
    bool Quick,
    DatasetDescriptor Dataset,
    int Threads,
    int Parallel,
    ScalingChoice Scaling,
    DatasetOptions? Data = null,
    bool Exact = false,
    string? DepthStudy = null)
{
    /// <summary>The first seed; further seeds count up from it. 42 is the seed the PyTorch peer used.</summary>
    public const long FirstSeed = 42;

    /// <summary>The seeds, in order.</summary>
    public IReadOnlyList<long> SeedList => Enumerable.Range(0, Seeds).Select(i => FirstSeed + i).ToArray();
}
