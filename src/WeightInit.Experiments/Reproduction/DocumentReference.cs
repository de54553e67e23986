namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// The figures the documents print, and the PyTorch peer's figures for the same runs (seed 42, this kind of machine),
/// so the report can put ours beside theirs. Sources: ../shared/seeds/000 (Problem 5 output cells) and
/// ../shared/peer/RESULTS.md (PyTorch 1.13, 2 threads).
/// </summary>
public static class DocumentReference
{
    /// <summary>Q5.2 Tanh activation mean per hidden layer 1–5, as the document prints it (unknown seed and batch).</summary>
    public static IReadOnlyDictionary<string, double[]> Q52TanhMean { get; } = new Dictionary<string, double[]>
    {
        ["zero"] = [0, 0, 0, 0, 0],
        ["small_random"] = [-0.0007, -0.0003, 7.0511e-06, -8.8850e-06, 4.0846e-06],
        ["xavier"] = [0.0058, 0.0223, 0.0021, 0.0071, 0.0103],
        ["he"] = [0.0160, 0.0140, -0.0080, 0.0526, -0.0529],
    };

    /// <summary>Q5.2 Tanh activation std per hidden layer 1–5, as the document prints it.</summary>
    public static IReadOnlyDictionary<string, double[]> Q52TanhStd { get; } = new Dictionary<string, double[]>
    {
        ["zero"] = [0, 0, 0, 0, 0],
        ["small_random"] = [0.0943, 0.0149, 0.0024, 0.0004, 5.9521e-05],
        ["xavier"] = [0.3602, 0.3211, 0.2913, 0.2690, 0.2430],
        ["he"] = [0.3881, 0.4421, 0.4849, 0.5112, 0.5310],
    };

    /// <summary>Test accuracy (%) after 10 epochs as the documents print it, by section and method.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> DocumentAccuracy { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["Q5.3"] = new Dictionary<string, double> { ["zero"] = 11.35, ["small_random"] = 11.35, ["xavier"] = 97.66, ["he"] = 97.85 },
            ["Q5.4"] = new Dictionary<string, double> { ["zero"] = 11.35, ["small_random"] = 11.35, ["xavier"] = 97.77, ["he"] = 97.77 },
        };

    /// <summary>The PyTorch peer's test accuracy (%) per experiment id and initialization (seed 42).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> PeerAccuracy { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["q53-tanh-unit"] = new Dictionary<string, double> { ["zero"] = 11.35, ["small_random"] = 11.35, ["xavier"] = 97.66, ["he"] = 97.85 },
            ["q53-tanh-x255"] = new Dictionary<string, double> { ["zero"] = 11.35, ["small_random"] = 77.18, ["xavier"] = 87.08, ["he"] = 88.21 },
            ["q54-relu-unit"] = new Dictionary<string, double> { ["zero"] = 11.35, ["small_random"] = 11.35, ["xavier"] = 97.79, ["he"] = 97.78 },
            ["q54-relu-half"] = new Dictionary<string, double> { ["zero"] = 11.35, ["small_random"] = 11.35, ["xavier"] = 87.62, ["he"] = 41.19 },
            ["notebook-relu-unit"] = new Dictionary<string, double> { ["kaiming_uniform"] = 98.05, ["normal_0.001"] = 11.35 },
        };

    /// <summary>The initializer the documents recommend per activation (their conclusion, not a measurement of this run).</summary>
    public static IReadOnlyDictionary<string, string> Recommended { get; } = new Dictionary<string, string> { ["tanh"] = "xavier", ["relu"] = "he" };

    /// <summary>The range of the notebook's accuracy plot for its never-updated model B (percent, read off the plot's axis).</summary>
    public static (double Low, double High) NotebookUntrainedAccuracy { get; } = (10.5, 10.8);

    /// <summary>Q5.3 mean training loss per epoch as the document prints it (Tanh, the four methods).</summary>
    public static IReadOnlyDictionary<string, double[]> Q53Loss { get; } = new Dictionary<string, double[]>
    {
        ["zero"] = [2.3015, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014],
        ["small_random"] = [2.3015, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014, 2.3014, 2.3013, 2.3013, 2.3014],
        ["xavier"] = [0.3665, 0.1989, 0.1454, 0.1125, 0.0924, 0.0777, 0.0655, 0.0556, 0.0481, 0.0411],
        ["he"] = [0.2962, 0.1343, 0.0935, 0.0712, 0.0552, 0.0443, 0.0354, 0.0283, 0.0223, 0.0170],
    };
}
