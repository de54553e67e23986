using System.Buffers.Binary;
using System.Xml.Linq;
using ScottPlot;
using ScottPlot.Plottables;
using WeightInit.Experiments.Figures;

namespace WeightInit.Tests.Figures;

/// <summary>Checks shared by the figure tests: files decode, data series are what was passed in.</summary>
internal static class FigureAssertions
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void ShouldBeSavedAsPngAndSvg(this Figure figure, string stem)
    {
        string directory = Path.Combine(Path.GetTempPath(), "weightinit-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var files = figure.Save(directory, stem);

            files.Png.Should().Be(Path.Combine(directory, stem + ".png"));
            var png = File.ReadAllBytes(files.Png);
            png.Take(8).Should().Equal(PngSignature, "a PNG starts with its 8-byte signature");
            System.Text.Encoding.ASCII.GetString(png, 12, 4).Should().Be("IHDR", "the first chunk of a PNG is IHDR");
            BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)).Should().Be(figure.Width);
            BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)).Should().Be(figure.Height);
            using (var bitmap = SkiaSharp.SKBitmap.Decode(png))
            {
                bitmap.Should().NotBeNull("SkiaSharp must decode the PNG");
                bitmap.Width.Should().Be(figure.Width);
            }

            var svg = XDocument.Load(files.Svg);
            svg.Root!.Name.LocalName.Should().Be("svg");
            Directory.GetFiles(directory).Select(Path.GetFileName).Should().BeEquivalentTo(
                [stem + ".png", stem + ".svg"], "the atomic writes leave no temporary files behind");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static Scatter[] Lines(this Plot plot) => plot.GetPlottables<Scatter>().ToArray();

    public static double[] Ys(this Scatter scatter) => scatter.Data.GetScatterPoints().Select(p => p.Y).ToArray();

    public static double[] Xs(this Scatter scatter) => scatter.Data.GetScatterPoints().Select(p => p.X).ToArray();

    public static string TitleText(this Plot plot) => plot.Axes.Title.Label.Text;
}
