// YourOwnModel: a CNN written with plain TorchSharp, initialized by rules (plan printed), probed,
// LSUV-refined, and compared across three initializers with ExperimentBuilder on an MNIST subset.
using TorchSharp;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Training;
using static TorchSharp.torch;

var scheme = new InitializationScheme(new HeNormal(), name: "he+rules")      // every conv/linear weight: std √(2 / fan_in)
    .ForName("classifier.**.weight", new XavierNormal())                      // the head weight by name (** spans dots): std √(2 / (fan_in + fan_out))
    .ForKind(LayerKind.Normalization, new Ones(), new Zeros());               // γ = 1, β = 0 (also the built-in default)

using var generator = new Generator(7);
using var model = new SmallCnn();
InitializationPlan plan = scheme.Apply(model, generator);
Console.WriteLine(plan);

using var mnist = await MnistDatasets.LoadAsync();
using var train = mnist.Train.Take(2_000);
using var test = mnist.Test.Take(1_000);
using var batch = train.Features.narrow(0, 0, 256).reshape(256, 1, 28, 28);

var before = ActivationProbe.MeasureModules(model, batch, histogramBins: 0);
var lsuv = new Lsuv().Refine(model, batch);
var after = ActivationProbe.MeasureModules(model, batch, histogramBins: 0);
Console.WriteLine("module               std before LSUV   std after LSUV");
foreach (var (b, a) in before.Zip(after))
{
    Console.WriteLine($"{b.Module,-20} {b.Std,15:F3} {a.Std,16:F3}");
}

var experiment = new ExperimentBuilder()
    .WithName("your-own-model")
    .WithTrainingData(train, validationFraction: 0.1)
    .WithTestData(test)
    .WithModel("small-cnn", [1, 28, 28], _ => new SmallCnn())
    .WithInitialization(scheme)
    .WithInitializer(new XavierNormal(), name: "xavier_normal")
    .WithInitializer(new Normal(0, 0.001), name: "normal_0.001")
    .WithTraining(new TrainingOptions(Epochs: 3, BatchSize: 64, Optimizer: OptimizerSpec.Sgd(0.05, momentum: 0.9)))
    .WithProbes(new ProbeOptions(ActivationBatchSize: 128, ActivationHistogramBins: 0, WeightHistogramBins: 0))
    .WithThreads(2)
    .Build();
ExperimentResult result = await experiment.RunAsync();
foreach (var summary in result.Summaries)
{
    double accuracy = summary.Metrics.Single(m => m.Metric == "test_accuracy").Summary.Mean;
    Console.WriteLine($"{summary.Initialization,-14} test accuracy {accuracy * 100:F2} %");
}

double Accuracy(string name) => result.Summaries.Single(s => s.Initialization == name).Metrics.Single(m => m.Metric == "test_accuracy").Summary.Mean;
bool ok = lsuv.Converged && after.Where(m => m.Module.StartsWith("conv", StringComparison.Ordinal)).All(m => Math.Abs(m.Std * m.Std - 1) < 0.1)
    && plan["classifier.1.weight"].Initializer.StartsWith("xavier_normal", StringComparison.Ordinal)
    && Accuracy("he+rules") > 0.5 && Accuracy("normal_0.001") < Accuracy("he+rules");
Console.WriteLine(ok ? "OK: rules, probes, LSUV and the comparison behave as expected" : "FAIL: a number is off (see above)");
return ok ? 0 : 1;

/// <summary>A user's own CNN: conv-BN-ReLU twice, max-pooling, then a Linear classifier.</summary>
internal sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _conv1 = nn.Conv2d(1, 8, 3, padding: 1);
    private readonly nn.Module<Tensor, Tensor> _bn1 = nn.BatchNorm2d(8);
    private readonly nn.Module<Tensor, Tensor> _conv2 = nn.Conv2d(8, 16, 3, padding: 1);
    private readonly nn.Module<Tensor, Tensor> _relu = nn.ReLU();
    private readonly nn.Module<Tensor, Tensor> _classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 7 * 7, 10));

    public SmallCnn() : base(nameof(SmallCnn))
    {
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("relu", _relu);
        register_module("classifier", _classifier);
    }

    // Submodules are invoked with call() so that forward hooks (probes, LSUV) see them.
    public override Tensor forward(Tensor input)
    {
        var h = nn.functional.max_pool2d(_relu.call(_bn1.call(_conv1.call(input))), 2);
        h = nn.functional.max_pool2d(_relu.call(_conv2.call(h)), 2);
        return _classifier.call(h);
    }
}
