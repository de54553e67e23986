using System.CommandLine;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experiments.Reporting;
using WeightInit.Experiments.Reproduction;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Theory;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Cli;

/// <summary><c>weightinit stats</c>: Q5.2 on its own — per-layer activation statistics of an untrained network on one batch.</summary>
internal static class StatsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var activation = CliOptions.Activation("tanh");
        var inits = CliOptions.Initializers("--inits", ["zero", "small_random", "xavier", "he"]);
        var hidden = ModelFactory.HiddenOption("Hidden widths: WIDTHxCOUNT or a comma list.", ModelUse.ForwardPass);
        var batch = CliOptions.Int("--batch", "Images in the batch.", 256, 2, 60000);
        var seed = CliOptions.Seed();
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var dataDir = CliOptions.DataDir();
        var command = new Command("stats", "Activation mean/std per hidden layer of an untrained MLP on one MNIST batch (Q5.2), beside the mean-field prediction.")
        {
            activation, inits, hidden, batch, seed, dataset, offline, dataDir,
        };
        command.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var act = ModelFactory.Activation(parse.GetValue(activation)!);
            var spec = new MlpSpec(784, ModelFactory.Hidden(parse.GetValue(hidden)!), 10, act);
            var schemes = parse.GetValue(inits)!.Select(ModelFactory.Scheme).ToArray();
            MemoryEstimate.Check(null, spec, parse.GetValue(batch), ModelUse.ForwardPass, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            ModelFactory.CheckSchemesFit(ModelDefinition.FromMlp(spec), schemes, conv: false);
            using var data = await MnistDatasets.LoadAsync(parse.DataOptions(dataset, offline, dataDir), null, token);
            long s = parse.GetValue(seed);
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)s);
            var (x, _) = data.Train.SampleRows(parse.GetValue(batch), generator);
            double q0 = MeanField.InputSecondMoment(x);
            var sig = NumberFormat.SignificantFigures(3);
            var columns = new List<MarkdownColumn> { new("init"), new("stat") };
            columns.AddRange(spec.HiddenWidths.Select((_, l) => new MarkdownColumn($"L{l + 1}", ColumnAlignment.Right, sig)));
            var table = new MarkdownTable([.. columns]);
            foreach (var scheme in schemes)
            {
                using var initGenerator = new Generator((ulong)s);
                using var model = Mlp.Create(spec, scheme, initGenerator);
                var stats = ActivationProbe.Measure(model, x);
                var theory = ModelMeanField.ActivationStd(model, q0);
                table.AddRow([scheme.Name, "mean", .. stats.Select(l => (object)l.Mean)]);
                table.AddRow([scheme.Name, "std", .. stats.Select(l => (object)l.Std)]);
                table.AddRow([scheme.Name, "mean-field std", .. theory.Select(t => (object)t)]);
                if (act.Saturates)
                {
                    table.AddRow([scheme.Name, "saturated (|h|>0.97)", .. stats.Select(l => (object)(l.SaturatedFraction ?? 0))]);
                }
                else
                {
                    table.AddRow([scheme.Name, "dead units", .. stats.Select(l => (object)l.DeadFraction)]);
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}, {parse.GetValue(batch)} {data.Files.Dataset} training images in [0, 1], seed {s}, q0 = {q0:F4}"));
            output.WriteLine(table.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }
}
