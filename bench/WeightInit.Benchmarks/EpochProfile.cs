using System.Diagnostics;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Training;
using static TorchSharp.torch;

/// <summary>
/// Whole-epoch measurements that BenchmarkDotNet is the wrong tool for (one epoch takes seconds):
/// <list type="bullet">
/// <item><c>epoch</c>: one training epoch of the documents' 784-256×5-10 Tanh MLP through the real trainer, the pure
/// GEMM time of the same matrix products in the same process, the ratio, where a step's time goes (batch gather,
/// forward, loss, backward, optimizer) phase by phase over a full epoch, and the cost of libtorch's tanh itself.</item>
/// <item><c>memory</c>: resident set size after every epoch of a 10-epoch run (growth check).</item>
/// </list>
/// </summary>
internal static class EpochProfile
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        string mode = args[0];
        int threads = Option(args, "--threads", 1);
        int repeats = Option(args, "--repeats", 3);
        set_num_threads(threads);
        using var data = await MnistDatasets.LoadAsync();
        Console.WriteLine(string.Create(Inv, $"# {mode}: threads {threads}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, {Environment.ProcessorCount} cores"));
        var mkl = WeightInit.Native.TorchSharpNative.MklVendorOverride;
        Console.WriteLine(string.Create(Inv, $"# MKL vendor override {mkl?.State}, CPU {mkl?.CpuModel} ({mkl?.CpuVendor}), MKL code path (mkl_serv_cpu_detect) {WeightInit.Native.MklVendorPatch.DispatchCode()}"));
        return mode switch
        {
            "epoch" => Epoch(data.Train, repeats),
            "memory" => Memory(data.Train, Option(args, "--epochs", 10)),
            _ => throw new ArgumentException($"unknown mode '{mode}'; expected epoch or memory"),
        };
    }

    private static int Epoch(LabeledDataset train, int repeats)
    {
        var spec = MlpSpec.Deep256(Activation.Tanh);
        for (int r = 0; r < repeats; r++)
        {
            double epoch = TimedEpoch(spec, train, 0);
            double probed = TimedEpoch(spec, train, 50);
            double gemm = GemmOnly(spec, train.Count, 128);
            var phases = Phases(spec, train, 128);
            double flops = Flops(spec, train.Count);
            Console.WriteLine(string.Create(Inv,
                $"epoch {epoch:F3} s | same GEMMs alone {gemm:F3} s ({flops / gemm / 1e9:F0} GFLOP/s) | " +
                $"epoch/GEMM {epoch / gemm:F3} | phases: gather {phases["gather"]:F3} s, forward {phases["forward"]:F3} s, " +
                $"loss {phases["loss"]:F3} s, backward {phases["backward"]:F3} s, optimizer {phases["optimizer"]:F3} s, bookkeeping {phases["bookkeeping"]:F3} s | " +
                $"with gradient probes every 50 steps {probed:F3} s ({(probed / epoch) - 1:P1} over the plain epoch)"));
        }

        Console.WriteLine(string.Create(Inv, $"tanh of one 128×256 block (5 per step forward): libtorch tanh_ {TanhCost():F1} µs"));
        return 0;
    }

    private static double TimedEpoch(MlpSpec spec, LabeledDataset train, int probeEverySteps)
    {
        var trainer = new Trainer(new TrainingOptions(1, 128, OptimizerSpec.Sgd(0.1), CheckEverySteps: 50), probeEverySteps);
        using var generator = new Generator(42);
        using var model = Mlp.Create(spec, new InitializationScheme(new XavierNormal()), generator);
        using var all = DataSubset.All(train);
        var clock = Stopwatch.StartNew();
        trainer.Train(model, all, null, null, generator);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Microseconds per in-place libtorch tanh of a 128×256 block.</summary>
    private static double TanhCost()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var source = empty(128, 256).normal_(0, 1, generator);
        var block = empty(128, 256);
        double Time(Action apply)
        {
            for (int i = 0; i < 200; i++)
            {
                block.copy_(source);
                apply();
            }

            var copy = Stopwatch.StartNew();
            for (int i = 0; i < 2000; i++)
            {
                block.copy_(source);
            }

            double copySeconds = copy.Elapsed.TotalSeconds;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 2000; i++)
            {
                block.copy_(source);
                apply();
            }

            return (clock.Elapsed.TotalSeconds - copySeconds) / 2000 * 1e6;
        }

        return Time(() => block.tanh_());
    }

    /// <summary>Forward (x·Wᵀ), weight gradients (gᵀ·h) and input gradients (g·W, not for the first layer), 469 batches.</summary>
    private static double GemmOnly(MlpSpec spec, long rows, int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int layers = spec.LayerCount;
        var weights = Enumerable.Range(0, layers).Select(l => randn(spec.LayerShape(l).Out, spec.LayerShape(l).In)).ToArray();
        long steps = (rows + batch - 1) / batch;
        var clock = Stopwatch.StartNew();
        for (long s = 0; s < steps; s++)
        {
            using var step = NewDisposeScope();
            long b = Math.Min(batch, rows - (s * batch));
            var h = new Tensor[layers + 1];
            h[0] = rand(b, spec.InputSize);
            clock.Stop();
            var grads = Enumerable.Range(0, layers).Select(l => rand(b, spec.LayerShape(l).Out)).ToArray();
            clock.Start();
            for (int l = 0; l < layers; l++)
            {
                h[l + 1] = h[l].mm(weights[l].t());
            }

            for (int l = layers - 1; l >= 0; l--)
            {
                _ = grads[l].t().mm(h[l]);
                if (l > 0)
                {
                    _ = grads[l].mm(weights[l]);
                }
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static Dictionary<string, double> Phases(MlpSpec spec, LabeledDataset train, int batch)
    {
        using var generator = new Generator(42);
        using var model = Mlp.Create(spec, new InitializationScheme(new XavierNormal()), generator);
        using var optimizer = ParameterUpdate.Create(OptimizerSpec.Sgd(0.1), model.parameters());
        var watches = new[] { "gather", "forward", "loss", "backward", "optimizer", "bookkeeping" }.ToDictionary(k => k, _ => new Stopwatch());
        using var epochScope = NewDisposeScope();
        var order = randperm(train.Count, generator: generator);
        var losses = zeros(1);
        for (long start = 0; start < train.Count; start += batch)
        {
            using var step = NewDisposeScope();
            long length = Math.Min(batch, train.Count - start);
            watches["gather"].Start();
            var rows = order.narrow(0, start, length);
            var x = train.Features.index_select(0, rows);
            var y = train.Labels.index_select(0, rows);
            watches["gather"].Stop();
            watches["forward"].Start();
            optimizer.ZeroGrad();
            var logits = model.forward(x);
            watches["forward"].Stop();
            watches["loss"].Start();
            var loss = nn.functional.cross_entropy(logits, y);
            watches["loss"].Stop();
            watches["backward"].Start();
            loss.backward();
            watches["backward"].Stop();
            watches["optimizer"].Start();
            optimizer.Step();
            watches["optimizer"].Stop();
            watches["bookkeeping"].Start();
            using (no_grad())
            {
                losses.add_(loss.detach());
            }

            watches["bookkeeping"].Stop();
        }

        return watches.ToDictionary(w => w.Key, w => w.Value.Elapsed.TotalSeconds);
    }

    private static double Flops(MlpSpec spec, long rows)
    {
        double perRow = 0;
        for (int l = 0; l < spec.LayerCount; l++)
        {
            var (i, o) = spec.LayerShape(l);
            perRow += 2.0 * i * o * (l == 0 ? 2 : 3);
        }

        return perRow * rows;
    }

    private static int Memory(LabeledDataset train, int epochs)
    {
        var spec = MlpSpec.Deep256(Activation.Tanh);
        using var generator = new Generator(42);
        using var model = Mlp.Create(spec, new InitializationScheme(new XavierNormal()), generator);
        using var all = DataSubset.All(train);
        var rss = new List<long>();
        var trainer = new Trainer(new TrainingOptions(epochs, 128, OptimizerSpec.Sgd(0.1), CheckEverySteps: 1_000_000));
        var progress = new SyncProgress(p =>
        {
            if (p.Kind == ProgressKind.EpochEnd)
            {
                using var self = Process.GetCurrentProcess();
                self.Refresh();
                rss.Add(self.WorkingSet64);
                Console.WriteLine(string.Create(Inv, $"epoch {p.Epoch}: RSS {self.WorkingSet64 / 1048576.0:F1} MiB, loss {p.Loss:F4}"));
            }
        });
        trainer.Train(model, all, null, null, generator, "memory", progress);
        if (rss.Count >= 2 && epochs >= 10)
        {
            Console.WriteLine(string.Create(Inv, $"RSS after epoch 10 / after epoch 2 = {(double)rss[9] / rss[1]:F4}"));
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], Inv) : fallback;
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
