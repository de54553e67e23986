using WeightInit.Experiments.Studies;
using WeightInit.Sweeps;

namespace WeightInit.Tests.Studies;

/// <summary>Synthetic depth-study results: a sweep file whose cells carry the accuracies and initial stds a test chooses.</summary>
internal static class DepthStudyFakes
{
    public static DepthStudyDefinition Definition(int seeds, int[] depths, string[]? inits = null, int spreadSeeds = 5) =>
        new(depths, 256, ["tanh", "relu"], inits ?? ["xavier", "he"], seeds, 3, 60_000, 0.01, spreadSeeds, "mnist");

    /// <summary>
    /// A complete sweep file of <paramref name="definition"/>: each cell's test accuracy is <paramref name="accuracy"/>(cell),
    /// and the first seed's spread of the last-layer std is <paramref name="spread"/>(cell, k) for initialization k.
    /// </summary>
    public static SweepFile File(DepthStudyDefinition definition, Func<SweepCell, double> accuracy, Func<SweepCell, int, double>? spread = null)
    {
        var grid = definition.ToGrid();
        var results = grid.Cells.Select(cell =>
        {
            var metrics = new Dictionary<string, double>
            {
                ["test_accuracy"] = accuracy(cell),
                [DepthStudyCellRunner.ForwardLast] = 0.3,
                [DepthStudyCellRunner.ForwardLastMeanField] = 0.28,
                [DepthStudyCellRunner.BackwardFirst] = 1e-4,
                [DepthStudyCellRunner.BackwardFirstMeanField] = 1.1e-4,
            };
            if (cell.Seed == DepthStudyDefinition.FirstSeed)
            {
                for (int k = 0; k < definition.SpreadSeeds; k++)
                {
                    metrics[DepthStudyCellRunner.SpreadPrefix + (DepthStudyDefinition.FirstSeed + k)] = spread?.Invoke(cell, k) ?? 0.28;
                }
            }

            return new SweepCellResult(cell, metrics, [0.3], false, 1);
        }).ToList();
        return new SweepFile(SweepStore.SchemaVersion, grid.Fingerprint, grid, "merged", results);
    }
}
