namespace WeightInit.Experiments.Figures;

/// <summary>One line of a chart: points <c>(X[i], Y[i])</c> with a legend label.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">X coordinates.</param>
/// <param name="Y">Y coordinates, as many as <paramref name="X"/>.</param>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Draw the line dashed (used for theory and for validation curves).</summary>
    public bool Dashed { get; init; }

    /// <summary>Mark each point (off for long curves such as per-minibatch losses).</summary>
    public bool Markers { get; init; } = true;

    /// <summary>Index into the figure palette; series sharing an index share a color. Null: the series' position.</summary>
    public int? ColorIndex { get; init; }

    /// <summary>Line width in pixels.</summary>
    public float LineWidth { get; init; } = 2;

    /// <summary>Opacity 0–1 (faint raw curves under a running average).</summary>
    public double Opacity { get; init; } = 1;

    /// <summary>
    /// Lower edge of a shaded band drawn behind the line in its color (a confidence interval), one value per X; with
    /// <see cref="BandHigh"/>. Null: no band.
    /// </summary>
    public IReadOnlyList<double>? BandLow { get; init; }

    /// <summary>Upper edge of the band (see <see cref="BandLow"/>), one value per X.</summary>
    public IReadOnlyList<double>? BandHigh { get; init; }

    /// <summary>A series whose X is 1, 2, …, n (epochs, layer depths).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="y"/> is null.</exception>
    public static LineSeries Indexed(string label, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return new LineSeries(label, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y);
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(X, nameof(X));
        ArgumentNullException.ThrowIfNull(Y, nameof(Y));
        if (X.Count != Y.Count)
        {
            throw new ArgumentException(
                $"series '{Label}' needs as many X as Y values; got {X.Count} X and {Y.Count} Y.", nameof(Y));
        }

        if ((BandLow is null) != (BandHigh is null) || (BandLow is not null && (BandLow.Count != X.Count || BandHigh!.Count != X.Count)))
        {
            throw new ArgumentException(
                $"series '{Label}' needs both band edges with one value per X ({X.Count}); got {BandLow?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} low and {BandHigh?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} high.",
                nameof(BandLow));
        }
    }
}

/// <summary>One panel (subplot) of line series.</summary>
/// <param name="Title">Panel title.</param>
/// <param name="XLabel">X axis label.</param>
/// <param name="YLabel">Y axis label.</param>
/// <param name="Series">The lines.</param>
public sealed record LinePanel(string Title, string XLabel, string YLabel, IReadOnlyList<LineSeries> Series)
{
    /// <summary>
    /// Logarithmic Y axis: values are plotted as log₁₀(y) with decade ticks; points with y ≤ 0 cannot be
    /// shown and are dropped, and the legend says how many.
    /// </summary>
    public bool LogY { get; init; }

    /// <summary>Show integer X ticks only (epochs, layers).</summary>
    public bool IntegerX { get; init; } = true;

    /// <summary>Where the legend goes; outside by default so it never hides a line.</summary>
    public LegendPlacement Legend { get; init; } = LegendPlacement.OutsideRight;
}

/// <summary>Where a panel's legend is drawn.</summary>
public enum LegendPlacement
{
    /// <summary>To the right of the data area, outside it.</summary>
    OutsideRight,

    /// <summary>Inside the data area, upper right.</summary>
    Inside,

    /// <summary>No legend (a neighbouring panel shows the same series).</summary>
    None,
}

/// <summary>Measured (or predicted) activation statistics of one initializer, per hidden layer 1 … L.</summary>
/// <param name="Initializer">Initializer name (legend label, e.g. <c>he</c>).</param>
/// <param name="Mean">Mean activation per layer.</param>
/// <param name="Std">Std of the activation per layer.</param>
public sealed record LayerStatistics(string Initializer, IReadOnlyList<double> Mean, IReadOnlyList<double> Std);

/// <summary>A grayscale image with a caption (a sample digit and its label).</summary>
/// <param name="Title">Caption drawn above the image.</param>
/// <param name="Height">Rows (28 for MNIST).</param>
/// <param name="Width">Columns (28 for MNIST).</param>
/// <param name="Pixels">Row-major intensities, Height·Width of them; dark = low.</param>
public sealed record SampleImage(string Title, int Height, int Width, IReadOnlyList<double> Pixels)
{
    internal double[,] ToGrid()
    {
        if (Height < 1 || Width < 1 || Pixels is null || Pixels.Count != Height * Width)
        {
            throw new ArgumentException(
                $"image '{Title}' must have Height·Width = {Height}·{Width} = {Height * Width} pixels; got {Pixels?.Count ?? 0}.");
        }

        var grid = new double[Height, Width];
        for (int r = 0; r < Height; r++)
        {
            for (int c = 0; c < Width; c++)
            {
                grid[r, c] = Pixels[(r * Width) + c];
            }
        }

        return grid;
    }
}

/// <summary>The weights of one layer before and after training, flattened.</summary>
/// <param name="Layer">Panel title (e.g. <c>fc1 (784→512)</c>).</param>
/// <param name="Before">Weights at initialization.</param>
/// <param name="After">Weights after training.</param>
public sealed record LayerWeights(string Layer, IReadOnlyList<double> Before, IReadOnlyList<double> After);

/// <summary>Train and validation accuracy per epoch of one run.</summary>
/// <param name="Label">Run name (legend).</param>
/// <param name="Train">Training accuracy (%) per epoch.</param>
/// <param name="Validation">Validation accuracy (%) per epoch.</param>
public sealed record AccuracyHistory(string Label, IReadOnlyList<double> Train, IReadOnlyList<double> Validation);

/// <summary>Paths of a figure written in both formats.</summary>
/// <param name="Png">The PNG file.</param>
/// <param name="Svg">The SVG file.</param>
public sealed record FigureFiles(string Png, string Svg);

/// <summary>One layer's weight histogram before and after training, on shared bin edges.</summary>
/// <param name="Layer">Panel title.</param>
/// <param name="Edges">Bin edges, one more than the counts.</param>
/// <param name="Before">Counts per bin at initialization.</param>
/// <param name="After">Counts per bin after training.</param>
public sealed record BinnedLayerWeights(string Layer, IReadOnlyList<double> Edges, IReadOnlyList<long> Before, IReadOnlyList<long> After)
{
    internal void Validate()
    {
        if (Edges.Count < 2 || Before.Count != Edges.Count - 1 || After.Count != Edges.Count - 1)
        {
            throw new ArgumentException(
                $"layer '{Layer}' needs {Edges.Count - 1} counts for its {Edges.Count} edges; got {Before.Count} before and {After.Count} after.");
        }
    }
}
