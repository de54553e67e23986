// CustomInitializer: write your own IInitializer (ScaledOrthogonal.cs), check it, and compare it with a
// preset (He normal) in an experiment on a small MNIST subset.
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Training;
using static TorchSharp.torch;

set_num_threads(2);
var custom = new ScaledOrthogonal();

// 1. Check the custom initializer on a Linear-shaped weight [out, in] = [256, 784]:
//    rows orthogonal with squared norm 2 (W·Wᵀ = 2·I), entries of RMS √(2 / 784).
bool ok;
using (var scope = NewDisposeScope())
using (var generator = new Generator(7))
{
    var w = empty(256, 784);
    custom.Fill(w, generator);
    double offIdentity = (w.matmul(w.t()) - 2 * eye(256)).abs().max().item<float>();
    double rms = w.square().mean().sqrt().item<float>();
    double expected = Math.Sqrt(2.0 / 784);
    // Both hold exactly up to float32 rounding (≈ 1e-7 relative per entry, summed over 784 terms).
    ok = offIdentity < 1e-4 && Math.Abs(rms - expected) < 1e-5;
    Console.WriteLine($"{custom.Name} on [256, 784]: max |W·Wᵀ − 2I| = {offIdentity:0.0e+0}, RMS {rms:F5} (He: √(2/784) = {expected:F5})");
}

// 2. Use it in an experiment next to a preset, exactly like any built-in initializer.
using var mnist = await MnistDatasets.LoadAsync();
using var train = mnist.Train.Take(5_000);
using var test = mnist.Test.Take(1_000);

var result = await new ExperimentBuilder()
    .WithTrainingData(train)
    .WithTestData(test)
    .WithModel(MlpSpec.Deep256(Activation.ReLU))
    .WithInitializer(new HeNormal(), name: "he_normal")
    .WithInitializer(custom)
    .WithTraining(new TrainingOptions(Epochs: 2, BatchSize: 128, Optimizer: OptimizerSpec.Sgd(0.1)))
    .WithSeeds(1, 2, 3)
    .WithThreads(2)
    .Build()
    .RunAsync();

Console.WriteLine();
Console.WriteLine("| initialization        | test accuracy % per seed | mean  |");
Console.WriteLine("|-----------------------|--------------------------|-------|");
foreach (var summary in result.Summaries)
{
    var perSeed = result.Runs.Where(r => r.Initialization == summary.Initialization)
        .Select(r => (r.FinalMetrics().GetValueOrDefault("test_accuracy") * 100).ToString("F2"));
    double mean = summary.Metrics.Single(m => m.Metric == "test_accuracy").Summary.Mean * 100;
    Console.WriteLine($"| {summary.Initialization,-21} | {string.Join("  ", perSeed),-24} | {mean:F2} |");
    ok &= summary.Completed == summary.Runs && mean > 50;
}

Console.WriteLine(ok ? "OK: the custom initializer is orthogonal, He-scaled, and trains" : "FAIL: see the numbers above");
return ok ? 0 : 1;
