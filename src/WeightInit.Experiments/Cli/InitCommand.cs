using System.CommandLine;
using System.Globalization;
using WeightInit.Experiments.Reporting;
using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Cli;

/// <summary><c>weightinit init</c>: draw one weight tensor and print its statistics beside the formula's.</summary>
internal static class InitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var method = new Option<string>("--method") { Description = "Initializer: zero, small_random, xavier, he, or any spec (see 'weightinit init --list').", DefaultValueFactory = _ => "he" };
        method.Validators.Add(r =>
        {
            if (!Initializer.TryParse(r.GetValueOrDefault<string>() ?? string.Empty, out _, out string? problem))
            {
                r.AddError($"--method: {problem}");
            }
        });
        var shape = CliOptions.IntList("--shape", "Shape. 2-D shapes are (fan_in, fan_out) as in the documents unless --layout out-in.", [784, 256], 1);
        var layout = new Option<string>("--layout") { Description = "in-out: shape is [fan_in, fan_out] (the documents); out-in: PyTorch's [out, in, k...].", DefaultValueFactory = _ => "in-out" }.AcceptOnlyFromAmong("in-out", "out-in");
        var seed = CliOptions.Seed();
        var list = new Option<bool>("--list") { Description = "List every initializer name and its parameters." };
        var command = new Command("init", "Draw a weight tensor with an initializer and compare its statistics with the formula.") { method, shape, layout, seed, list };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(list))
            {
                output.WriteLine(Initializer.Usage);
                return ExitCodes.Ok;
            }

            string spec = parse.GetValue(method)!;
            if (!Initializer.TryParse(spec, out var initializer, out string? error))
            {
                throw new UsageException("--method", error);
            }

            long[] dims = parse.GetValue(shape)!.Select(d => (long)d).ToArray();
            bool inOut = parse.GetValue(layout) == "in-out";
            if (inOut && dims.Length != 2)
            {
                throw new UsageException("--shape", $"with --layout in-out the shape must have exactly 2 dimensions (fan_in, fan_out); got [{string.Join(", ", dims)}]");
            }

            Fan? fan = dims.Length >= 2 ? (inOut ? Fan.FromInOutMatrix(dims) : Fan.FromWeight(dims)) : null;
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)parse.GetValue(seed));
            var w = initializer.Create(dims, generator, ScalarType.Float32, fan).to_type(ScalarType.Float64);
            double mean = w.mean().item<double>(), std = w.numel() > 1 ? w.std().item<double>() : 0;
            double kurtosis = std > 0 ? ((w - mean) / std).pow(4).mean().item<double>() : double.NaN;
            double? expected = fan is { } f ? ExpectedStd(spec, initializer, f) : null;
            var f3 = NumberFormat.SignificantFigures(4);
            var table = new MarkdownTable(new MarkdownColumn("statistic"), new MarkdownColumn("sample", ColumnAlignment.Right), new MarkdownColumn("formula", ColumnAlignment.Right));
            table.AddRow("mean", f3.Format(mean), "0");
            table.AddRow("std", f3.Format(std), expected is null ? "n/a" : f3.Format(expected.Value));
            table.AddRow("min", f3.Format(w.min().item<double>()), string.Empty);
            table.AddRow("max", f3.Format(w.max().item<double>()), string.Empty);
            table.AddRow("kurtosis", double.IsNaN(kurtosis) ? "n/a" : f3.Format(kurtosis), "3 normal, 1.8 uniform");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{initializer.Name}, shape [{string.Join(", ", dims)}]{(fan is { } fn ? $", fan_in {fn.In}, fan_out {fn.Out}" : string.Empty)}, seed {parse.GetValue(seed)}, {w.numel()} values"));
            output.WriteLine(table.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The standard deviation the initializer's formula gives for <paramref name="fan"/>, when it has one.</summary>
    internal static double? ExpectedStd(string spec, IInitializer initializer, Fan fan) => spec switch
    {
        "zero" => 0,
        "small_random" => 0.01,
        "xavier" => Math.Sqrt(2.0 / (fan.In + fan.Out)),
        "he" => Math.Sqrt(2.0 / fan.In),
        _ => initializer switch
        {
            VarianceScaling v => v.StandardDeviation(fan),
            Normal n => n.Std,
            Uniform u => (u.B - u.A) / Math.Sqrt(12),
            Constant => 0,
            _ => null,
        },
    };
}
