using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.IntegrationTests.Fixtures;

/// <summary>
/// Real MNIST (pixels in [0, 1], the full 60 000 / 10 000 split) loaded once, and every configuration the documents
/// train, trained once and shared by all the assertions about it. Training starts when a test first asks for it,
/// so a filtered run trains only what it needs; Q5.3 (Tanh) and Q5.4 (ReLU) train side by side, one run per core.
/// </summary>
public sealed class DocumentRuns : IAsyncLifetime
{
    /// <summary>The seed of every run here (the PyTorch peer's seed; generators per purpose via <see cref="SeedDerivation"/>).</summary>
    public const long Seed = 42;

    /// <summary>Q5.3 and Q5.4: 10 epochs of SGD (lr 0.1) in batches of 128, as the documents.</summary>
    public static readonly TrainingOptions Q5Training = new(Epochs: 10, BatchSize: 128, Optimizer: OptimizerSpec.Sgd(0.1));

    /// <summary>The notebook: 15 epochs of SGD (lr 0.1) in batches of 128.</summary>
    public static readonly TrainingOptions NotebookTraining = new(Epochs: 15, BatchSize: 128, Optimizer: OptimizerSpec.Sgd(0.1));

    /// <summary>The notebook holds out 10 % of the training images for validation.</summary>
    public const double NotebookValidationFraction = 0.1;

    private readonly Lock _gate = new();
    private readonly List<Mlp> _models = [];
    private TrainTestData? _data;
    private Task<Q5Section>[]? _q5;
    private Task<ExperimentResult>? _notebook;

    /// <summary>MNIST, pixels / 255 in [0, 1].</summary>
    public TrainTestData Data => _data ?? throw new InvalidOperationException("MNIST is loaded in InitializeAsync");

    /// <summary>The document's scheme for <paramref name="method"/>: <c>initialize_weights((in, out), method).t()</c> per layer, zero biases.</summary>
    public static InitializationScheme DocumentScheme(string method) =>
        new InitializationScheme(DocumentMethods.Resolve(method), name: method).WithLayout(WeightLayout.InOutTransposed);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        TorchThreads.UseOne();
        _data = await MnistDatasets.LoadAsync(new DatasetOptions());
    }

    /// <summary>Q5.3 (<see cref="Activation.Tanh"/>) or Q5.4 (<see cref="Activation.ReLU"/>), trained on first request.</summary>
    public Task<Q5Section> Q5Async(Activation activation)
    {
        lock (_gate)
        {
            _q5 ??= [Task.Run(() => TrainQ5(Activation.Tanh)), Task.Run(() => TrainQ5(Activation.ReLU))];
        }

        return activation == Activation.Tanh ? _q5[0] : activation == Activation.ReLU ? _q5[1]
            : throw new ArgumentException($"the documents train Tanh (Q5.3) and ReLU (Q5.4) only; got {activation}", nameof(activation));
    }

    /// <summary>The notebook's Kaiming-uniform (model A) and N(0, 0.001) (model B, trained with its own parameters), trained on first request.</summary>
    public Task<ExperimentResult> NotebookAsync()
    {
        lock (_gate)
        {
            return _notebook ??= Task.Run(TrainNotebook);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var task in new Task?[] { _notebook }.Concat(_q5 ?? []).OfType<Task>())
        {
            await task.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        foreach (var model in _models)
        {
            model.Dispose();
        }

        _data?.Dispose();
    }

    /// <summary>
    /// small_random, xavier and he through the engine (<see cref="ExperimentBuilder"/>); zero directly with
    /// <see cref="Trainer"/>, because its assertions need the trained model itself, not only its metrics.
    /// </summary>
    private async Task<Q5Section> TrainQ5(Activation activation)
    {
        TorchThreads.UseOne();
        var spec = MlpSpec.Deep256(activation);
        var experiment = new ExperimentBuilder()
            .WithName($"q5-{activation.Name}")
            .WithTrainingData(Data.Train, validationFraction: 0)
            .WithTestData(Data.Test)
            .WithModel(spec)
            .WithInitialization(DocumentScheme("small_random"))
            .WithInitialization(DocumentScheme("xavier"))
            .WithInitialization(DocumentScheme("he"))
            .WithTraining(Q5Training)
            .WithSeeds(Seed, Seed + 1, Seed + 2)
            .WithProbes(ProbeOptions.None)
            .WithMaxDegreeOfParallelism(2)
            .WithThreads(1)
            .Build();
        var result = await experiment.RunAsync();

        TorchThreads.UseOne();
        using var init = SeedDerivation.CreateGenerator(Seed, RandomStream.Initialization);
        using var shuffle = SeedDerivation.CreateGenerator(Seed, RandomStream.Shuffle);
        using var train = DataSubset.All(Data.Train);
        using var test = DataSubset.All(Data.Test);
        var zero = Mlp.Create(spec, DocumentScheme("zero"), init);
        lock (_gate)
        {
            _models.Add(zero);
        }

        var outcome = new Trainer(Q5Training).Train(zero, train, null, test, shuffle, $"zero {activation.Name}");
        return new Q5Section(activation, result, zero, outcome);
    }

    private async Task<ExperimentResult> TrainNotebook()
    {
        TorchThreads.UseOne();
        return await new ExperimentBuilder()
            .WithName("notebook")
            .WithTrainingData(Data.Train, NotebookValidationFraction)
            .WithTestData(Data.Test)
            .WithModel(MlpSpec.Tapered())
            .WithInitialization(new InitializationScheme(new HeUniform(0, FanMode.FanIn, "relu"), name: "kaiming_uniform"))
            .WithInitialization(new InitializationScheme(new Normal(0, 0.001), name: "normal_0.001"))
            .WithTraining(NotebookTraining)
            .WithSeeds(Seed)
            .WithProbes(ProbeOptions.None)
            .WithMaxDegreeOfParallelism(2)
            .WithThreads(1)
            .Build()
            .RunAsync();
    }
}

/// <summary>One of Q5.3/Q5.4 trained: the engine's result for small_random, xavier and he, and the zero-init model itself.</summary>
/// <param name="Activation">Tanh (Q5.3) or ReLU (Q5.4).</param>
/// <param name="Experiment">small_random, xavier and he, one seed each.</param>
/// <param name="Zero">The zero-initialized model after training (owned by the fixture).</param>
/// <param name="ZeroOutcome">Its training record.</param>
public sealed record Q5Section(Activation Activation, ExperimentResult Experiment, Mlp Zero, TrainingOutcome ZeroOutcome)
{
    /// <summary>Final test accuracy (fraction) of <paramref name="method"/>.</summary>
    public double TestAccuracy(string method)
    {
        if (method == "zero")
        {
            return ZeroOutcome.Epochs[^1].TestAccuracy ?? double.NaN;
        }

        var run = Experiment.Runs.Single(r => r.Initialization == method && r.Seed == DocumentRuns.Seed);
        return run.FinalMetrics()["test_accuracy"];
    }

    /// <summary>Final test accuracy of every seed the engine trained <paramref name="method"/> with (not zero init).</summary>
    public IReadOnlyList<double> TestAccuracies(string method) =>
        [.. Experiment.Runs.Where(r => r.Initialization == method).Select(r => r.FinalMetrics()["test_accuracy"])];
}

/// <summary>Every test class that uses the trained documents shares one <see cref="DocumentRuns"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DocumentsCollection : ICollectionFixture<DocumentRuns>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "The documents on real MNIST";
}
