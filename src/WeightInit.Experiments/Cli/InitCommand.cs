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

            if (inOut && initializer is Dirac)
            {
                throw new UsageException("--layout", $"dirac fills convolution kernels of rank 3, 4 or 5 in PyTorch's [out, in, k...] layout, which --layout in-out (2-D [fan_in, fan_out] only) cannot express; pass --layout out-in with such a shape (e.g. --shape 16,16,3,3); got --layout in-out --shape {string.Join(",", dims)}");
            }

            CheckFits(dims, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            Fan? fan = dims.Length >= 2 ? (inOut ? Fan.FromInOutMatrix(dims) : Fan.FromWeight(dims)) : null;
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)parse.GetValue(seed));
            var w = Draw(initializer, dims, generator, fan, parse.GetValue(layout)!);
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

    /// <summary>Bytes per value while <c>init</c> runs: the float32 draw, its float64 copy and three float64 temporaries of the kurtosis.</summary>
    internal const int BytesPerValue = 4 + (4 * 8);

    /// <summary>Refuses a shape whose draw and statistics (<see cref="BytesPerValue"/> bytes a value) exceed <paramref name="availableBytes"/>.</summary>
    /// <exception cref="UsageException">It does not fit.</exception>
    internal static void CheckFits(long[] dims, long availableBytes)
    {
        double values = dims.Aggregate(1.0, (product, d) => product * d);
        double bytes = values * BytesPerValue;
        if (bytes > availableBytes)
        {
            throw new UsageException("--shape", string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(",", dims)} has {values:N0} values; drawing them and computing their statistics needs about {bytes / 1e9:F1} GB ({BytesPerValue} bytes a value) but this machine has {availableBytes / 1e9:F1} GB; pass a smaller --shape"));
        }
    }

    /// <summary>The drawn tensor as float64; an initializer that refuses the shape is a usage error.</summary>
    private static Tensor Draw(IInitializer initializer, long[] dims, Generator generator, Fan? fan, string layout)
    {
        try
        {
            return initializer.Create(dims, generator, ScalarType.Float32, fan).to_type(ScalarType.Float64);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--shape", $"{e.Message} (--shape {string.Join(",", dims)} with --layout {layout})");
        }
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
