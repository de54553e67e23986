using System.CommandLine;
using WeightInit.Experiments.Gallery;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// <c>weightinit gallery --out DIR</c> (hidden; run by <c>scripts/docs-check.sh</c>): the docs site's initializer gallery.
/// Fails when a draw does not fit its formula's density.
/// </summary>
internal static class GalleryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for index.md and the SVG figures.", DefaultValueFactory = _ => "docs/gallery" }.PathName();
        var seed = CliOptions.Seed();
        var command = new Command("gallery", "Write the initializer gallery (histogram of each initializer's draw against its formula's density).") { outDir, seed };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string directory = parse.GetValue(outDir)!;
            var items = GalleryWriter.Write(directory, (ulong)parse.GetValue(seed));
            var misfits = items.Where(i => !i.Fit.Passes).ToList();
            output.WriteLine($"gallery: {items.Count} initializers, {misfits.Count} off their formula, written to {Path.Combine(directory, "index.md")}");
            foreach (var item in misfits)
            {
                output.WriteLine($"  {item.Entry.Spec}: chi-square {item.Fit.Statistic:F1} on {item.Fit.DegreesOfFreedom} df > {item.Fit.Critical:F1}");
            }

            return misfits.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
