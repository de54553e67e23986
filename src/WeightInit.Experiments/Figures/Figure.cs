using ScottPlot;
using SkiaSharp;
using WeightInit.Internal;

namespace WeightInit.Experiments.Figures;

/// <summary>
/// A figure of one or more ScottPlot panels laid out in a grid (ScottPlot 5's <see cref="Multiplot"/>),
/// rendered to PNG (raster) and SVG (vector, through SkiaSharp's <see cref="SKSvgCanvas"/>, since
/// <c>Multiplot</c> itself only saves PNG).
/// </summary>
public sealed class Figure
{
    internal Figure(IReadOnlyList<Plot> panels, int rows, int columns, int width, int height, int lastColumnExtra = 0)
    {
        if (panels.Count == 0 || panels.Count > rows * columns)
        {
            throw new ArgumentException($"a {rows}×{columns} figure holds 1 to {rows * columns} panels; got {panels.Count}.");
        }

        Panels = panels;
        Rows = rows;
        Columns = columns;
        Width = width;
        Height = height;
        _lastColumnExtra = lastColumnExtra;
    }

    private readonly int _lastColumnExtra;

    /// <summary>The panels, row by row; tests read their plottables to check the plotted data.</summary>
    public IReadOnlyList<Plot> Panels { get; }

    /// <summary>Grid rows.</summary>
    public int Rows { get; }

    /// <summary>Grid columns.</summary>
    public int Columns { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Renders the figure as PNG bytes.</summary>
    public byte[] RenderPng()
    {
        using var image = BuildMultiplot().Render(Width, Height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    /// <summary>
    /// Renders the figure as an SVG document. Skia's SVG canvas cannot draw dash patterns (it drops them and prints
    /// "Unsupported path effect"), so dashed lines are drawn solid at half opacity there, which keeps theory and
    /// validation curves distinguishable from the measured ones they accompany.
    /// </summary>
    public string RenderSvg()
    {
        var dashed = Panels.SelectMany(p => p.GetPlottables().OfType<ScottPlot.Plottables.Scatter>())
            .Where(s => !s.LinePattern.Equals(LinePattern.Solid))
            .Select(s => (Scatter: s, s.LinePattern, s.LineColor))
            .ToList();
        foreach (var (scatter, _, color) in dashed)
        {
            scatter.LinePattern = LinePattern.Solid;
            scatter.LineColor = color.WithAlpha(0.5);
        }

        try
        {
            var multiplot = BuildMultiplot();
            using var stream = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
            {
                multiplot.Render(canvas, new PixelRect(0, Width, Height, 0));
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        finally
        {
            foreach (var (scatter, pattern, color) in dashed)
            {
                scatter.LinePattern = pattern;
                scatter.LineColor = color;
            }
        }
    }

    /// <summary>
    /// Writes <c>{directory}/{stem}.png</c> and <c>{directory}/{stem}.svg</c>, each atomically (temporary file,
    /// then rename), so a reader never sees a half-written figure. Creates the directory if needed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="stem"/> is empty or contains a path separator.</exception>
    public FigureFiles Save(string directory, string stem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(stem);
        if (stem.IndexOfAny(['/', '\\']) >= 0 || stem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"the file stem must be a plain file name without extension; got '{stem}'.", nameof(stem));
        }

        Directory.CreateDirectory(directory);
        var files = new FigureFiles(Path.Combine(directory, stem + ".png"), Path.Combine(directory, stem + ".svg"));
        AtomicFile.WriteAllBytes(files.Png, RenderPng());
        AtomicFile.WriteAllText(files.Svg, RenderSvg());
        return files;
    }

    private Multiplot BuildMultiplot()
    {
        var multiplot = new Multiplot(Panels[0]);
        foreach (var panel in Panels.Skip(1))
        {
            multiplot.AddPlot(panel);
        }

        multiplot.Layout = new GridWithWideLastColumn(Rows, Columns, _lastColumnExtra);
        return multiplot;
    }

    /// <summary>
    /// ScottPlot's grid gives every cell the same width, so a legend drawn outside the last panel squeezes
    /// that panel's data area; this grid gives the last column the legend's width on top.
    /// </summary>
    private sealed class GridWithWideLastColumn(int rows, int columns, int lastColumnExtra) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
        {
            float extra = Math.Min(lastColumnExtra, figureRect.Width / 2);
            float cell = (figureRect.Width - extra) / columns;
            float rowHeight = figureRect.Height / rows;
            var rects = new PixelRect[subplots.Count];
            for (int i = 0; i < rects.Length; i++)
            {
                int row = i / columns, column = i % columns;
                float left = figureRect.Left + (column * cell);
                float right = left + cell + (column == columns - 1 ? extra : 0);
                float top = figureRect.Top + (row * rowHeight);
                rects[i] = new PixelRect(left, right, top + rowHeight, top);
            }

            return rects;
        }
    }
}
