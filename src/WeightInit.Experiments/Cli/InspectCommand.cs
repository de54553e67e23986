using System.CommandLine;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experiments.Figures;
using WeightInit.Experiments.Reporting;
using WeightInit.Models;
using WeightInit.Probes;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Cli;

/// <summary>
/// <c>weightinit inspect</c>: what each initializer does to one untrained MLP or plain conv net on one batch of real images
/// (<see cref="InitializationDiagnostics.Inspect"/>): a table with one column group per initializer, a verdict per initializer,
/// and a figure of forward and backward std against layer.
/// </summary>
internal static class InspectCommand
{
    /// <summary>File name (without extension) of the figure.</summary>
    internal const string FigureStem = "inspect";

    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var inits = CliOptions.Initializers("--init", ["small_random", "xavier", "he"]);
        var activation = CliOptions.Activation("relu");
        var modelOptions = ModelOptions.Create(10, "256x20", ModelUse.OnePass);
        var batch = CliOptions.Int("--batch", "Training images in the inspected batch (drawn at random with --seed).", 256, 2, 60_000);
        var seed = CliOptions.Seed();
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var dataDir = CliOptions.DataDir();
        var outFolder = new Option<string>("--out") { Description = "Folder for the figure (inspect.png, inspect.svg).", DefaultValueFactory = _ => "weightinit-inspect" }.PathName();
        var command = new Command("inspect", "Before training: per-layer forward and backward std of an untrained model on one batch, with flags and a verdict per initializer, and a figure.")
        {
            modelOptions.Model, modelOptions.Hidden, modelOptions.Depth, modelOptions.Channels, activation, inits, batch, seed, dataset, offline, dataDir, outFolder,
        };
        command.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var nonlinearity = ModelFactory.Activation(parse.GetValue(activation)!);
            var schemes = parse.GetValue(inits)!.Select(ModelFactory.Scheme).ToArray();
            var (convSpec, mlpSpec) = modelOptions.Resolve(parse, nonlinearity);
            bool conv = convSpec is not null;
            string name = convSpec?.Name ?? mlpSpec!.Name;
            MemoryEstimate.Check(convSpec, mlpSpec, parse.GetValue(batch), ModelUse.OnePass, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            ModelFactory.CheckSchemesFit(convSpec?.Definition() ?? ModelDefinition.FromMlp(mlpSpec!), schemes, conv);
            string folder = parse.GetValue(outFolder)!;
            OutputLocation.CheckFolder("--out", folder);   // after every check of the arguments, so a refused command line creates nothing
            using var data = await MnistDatasets.LoadAsync(parse.DataOptions(dataset, offline, dataDir), null, token);
            long s = parse.GetValue(seed);
            using var scope = NewDisposeScope();
            using var batchGenerator = new Generator((ulong)s);
            var (x, labels) = data.Train.SampleRows(parse.GetValue(batch), batchGenerator);
            if (conv)
            {
                x = x.reshape(x.shape[0], 1, data.Train.ImageHeight, data.Train.ImageWidth);
            }

            var specs = parse.GetValue(inits)!;
            var reports = schemes.Select(scheme =>
            {
                token.ThrowIfCancellationRequested();
                using var initGenerator = new Generator((ulong)s);   // every initializer draws from the same seed
                using var network = conv ? convSpec!.CreateUninitialized() : Mlp.Create(mlpSpec!, scheme, initGenerator);
                if (conv)
                {
                    scheme.Apply(network, initGenerator);
                }

                return (Init: scheme.Name, Report: InitializationDiagnostics.Inspect(network, x, labels));
            }).Select((r, i) => ModelFactory.MeanFieldApplies(specs[i]) ? r : (r.Init, Report: WithoutMeanField(r.Report))).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}, {x.shape[0]} {data.Files.Dataset} training images in [0, 1] (seed {s}); loss: {reports[0].Report.Loss}"));
            Print(output, reports, meanField: mlpSpec is not null);
            foreach (var (init, _) in reports.Where((_, i) => mlpSpec is not null && !ModelFactory.MeanFieldApplies(specs[i])))
            {
                output.WriteLine($"{init}: no mean-field prediction (the theory assumes independent, identically distributed weights; {init} weights are not)");
            }

            var figure = SignalFigure.Build(name, [.. reports.Select(r => Series(r.Init, r.Report))]);
            var (files, fallback) = OutputLocation.WriteOrRescue(folder, f => figure.Save(f, FigureStem), output);
            output.WriteLine($"wrote {files.Png} and {files.Svg}");
            return fallback is null ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>The table, then each initializer's verdict with its flags indented below it.</summary>
    internal static void Print(TextWriter output, IReadOnlyList<(string Init, InspectionReport Report)> reports, bool meanField)
    {
        output.WriteLine(Table(reports, meanField).ToString());
        foreach (var (init, report) in reports)
        {
            output.WriteLine($"{init}: {report.Verdict}");
            foreach (var flag in report.Flags)
            {
                output.WriteLine($"  {flag.Kind}: {flag.Message}");
            }
        }
    }

    /// <summary>One row per module; per initializer the forward std (and its mean-field prediction for an MLP), the backward std and the weight-gradient std.</summary>
    internal static MarkdownTable Table(IReadOnlyList<(string Init, InspectionReport Report)> reports, bool meanField)
    {
        var sig = NumberFormat.SignificantFigures(3);
        var columns = new List<MarkdownColumn> { new("#", ColumnAlignment.Right), new("module"), new("type") };
        foreach (var (init, _) in reports)
        {
            columns.Add(new($"{init} fwd", ColumnAlignment.Right, sig));
            if (meanField)
            {
                columns.Add(new($"{init} mean field", ColumnAlignment.Right, sig));
            }

            columns.Add(new($"{init} bwd", ColumnAlignment.Right, sig));
            columns.Add(new($"{init} ∂W", ColumnAlignment.Right, sig));
        }

        var table = new MarkdownTable([.. columns]);
        var first = reports[0].Report.Modules;
        for (int i = 0; i < first.Count; i++)
        {
            var cells = new List<object?> { first[i].Index, first[i].Module, first[i].ModuleType };
            foreach (var (_, report) in reports)
            {
                var m = report.Modules[i];
                cells.Add(m.ForwardStd);
                if (meanField)
                {
                    cells.Add(m.MeanFieldStd);
                }

                cells.Add(m.BackwardStd);
                cells.Add(m.ParameterGradientStd);
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary><paramref name="report"/> with no mean-field prediction (for weights the theory does not describe).</summary>
    internal static InspectionReport WithoutMeanField(InspectionReport report) =>
        report with { Modules = [.. report.Modules.Select(m => m with { MeanFieldStd = null })] };

    /// <summary>The figure's data: the rows with parameters, numbered 1 … L.</summary>
    internal static SignalSeries Series(string init, InspectionReport report)
    {
        var layers = report.Modules.Where(m => m.HasParameters).ToArray();
        return new SignalSeries(init, [.. layers.Select(m => m.ForwardStd)], [.. layers.Select(m => m.BackwardStd)],
            layers.All(m => m.MeanFieldStd is not null) ? [.. layers.Select(m => m.MeanFieldStd!.Value)] : null);
    }
}
