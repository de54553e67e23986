using System.Globalization;
using WeightInit.Data;
using WeightInit.Initializers;
using WeightInit.Models;
using WeightInit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Experimenting;

/// <summary>
/// Describes an experiment fluently: data → model → initializations to compare → training → seeds → probes →
/// <see cref="Build"/>. Each <c>With…</c> checks its own argument (and throws naming it and repeating the bad value);
/// <see cref="Build"/> checks the combination and reports every problem in one <see cref="ExperimentValidationException"/>.
/// A builder builds once.
/// </summary>
/// <example><code>
/// var experiment = new ExperimentBuilder()
///     .WithTrainingData(train, validationFraction: 0.1).WithTestData(test)
///     .WithModel(MlpSpec.Deep256(Activation.Tanh))
///     .WithInitializers(zeros, smallRandom, xavier, he)
///     .WithTraining(new TrainingOptions(Epochs: 10, BatchSize: 128, Optimizer: OptimizerSpec.Sgd(0.1)))
///     .WithSeeds(1, 2, 3)
///     .Build();
/// ExperimentResult result = await experiment.RunAsync(progress, cancellationToken);
/// </code></example>
public sealed class ExperimentBuilder
{
    private readonly List<InitializationScheme> _schemes = [];
    private string _name = "experiment";
    private LabeledDataset? _train;
    private LabeledDataset? _test;
    private double _validationFraction = 0.1;
    private ModelDefinition? _model;
    private TrainingOptions _training = new();
    private long[] _seeds = [42];
    private ProbeOptions _probes = new();
    private int _parallelism = 1;
    private int? _threads;
    private bool _built;

    /// <summary>Names the experiment (default <c>experiment</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    public ExperimentBuilder WithName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"the experiment name must not be empty; got \"{name}\"", nameof(name));
        }

        _name = name;
        return this;
    }

    /// <summary>The training set (not owned); <paramref name="validationFraction"/> of it is carved out for validation per seed (default 10 %, as the documents).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is outside [0, 1).</exception>
    public ExperimentBuilder WithTrainingData(LabeledDataset train, double validationFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"the validation fraction must be in [0, 1); got {Text(validationFraction)}");
        }

        _train = train;
        _validationFraction = validationFraction;
        return this;
    }

    /// <summary>A test set evaluated after every epoch (not owned).</summary>
    public ExperimentBuilder WithTestData(LabeledDataset test)
    {
        ArgumentNullException.ThrowIfNull(test);
        _test = test;
        return this;
    }

    /// <summary>The built-in MLP of <paramref name="model"/>.</summary>
    public ExperimentBuilder WithModel(MlpSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return WithModel(ModelDefinition.FromMlp(model));
    }

    /// <summary>Any model: a name, the shape of one example (data rows are reshaped to it) and a factory called once per run.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="inputShape"/> is invalid.</exception>
    public ExperimentBuilder WithModel(string name, IReadOnlyList<long> inputShape, Func<Generator, nn.Module<Tensor, Tensor>> factory) =>
        WithModel(new ModelDefinition(name, inputShape, factory));

    /// <summary>Any model (see <see cref="ModelDefinition"/>).</summary>
    public ExperimentBuilder WithModel(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        return this;
    }

    /// <summary>Adds a scheme to compare.</summary>
    public ExperimentBuilder WithInitialization(InitializationScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        _schemes.Add(scheme);
        return this;
    }

    /// <summary>Adds a scheme: <paramref name="weights"/> for every weight, <paramref name="biases"/> (default zeros) for every bias.</summary>
    public ExperimentBuilder WithInitializer(IInitializer weights, IInitializer? biases = null, string? name = null) =>
        WithInitialization(new InitializationScheme(weights, biases, name));

    /// <summary>Adds one scheme per initializer (zero biases).</summary>
    /// <exception cref="ArgumentException">The list is empty or holds null.</exception>
    public ExperimentBuilder WithInitializers(params IInitializer[] initializers)
    {
        ArgumentNullException.ThrowIfNull(initializers);
        if (initializers.Length == 0 || initializers.Any(i => i is null))
        {
            throw new ArgumentException($"give at least one initializer and no null; got {initializers.Length} with {initializers.Count(i => i is null)} null", nameof(initializers));
        }

        foreach (var initializer in initializers)
        {
            WithInitializer(initializer);
        }

        return this;
    }

    /// <summary>Adds an LSUV scheme (Mishkin &amp; Matas 2016).</summary>
    public ExperimentBuilder WithLsuv(Lsuv lsuv, string? name = null) => WithInitialization(InitializationScheme.FromLsuv(lsuv, name: name));

    /// <summary>All training options at once.</summary>
    /// <exception cref="ArgumentException">A value is invalid (all listed).</exception>
    public ExperimentBuilder WithTraining(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid training options: " + string.Join("; ", problems), nameof(options));
        }

        _training = options;
        return this;
    }

    /// <summary>Number of epochs (default 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> &lt; 1.</exception>
    public ExperimentBuilder WithEpochs(int epochs)
    {
        if (epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"epochs must be ≥ 1; got {epochs}");
        }

        _training = _training with { Epochs = epochs };
        return this;
    }

    /// <summary>Minibatch size (default 128).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> &lt; 1.</exception>
    public ExperimentBuilder WithBatchSize(int batchSize)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"the batch size must be ≥ 1; got {batchSize}");
        }

        _training = _training with { BatchSize = batchSize };
        return this;
    }

    /// <summary>The optimizer (default SGD lr 0.1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    public ExperimentBuilder WithOptimizer(OptimizerSpec optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.Validate();
        _training = _training with { Optimizer = optimizer };
        return this;
    }

    /// <summary>Seeds; every scheme runs once per seed (default: 42 only).</summary>
    /// <exception cref="ArgumentException">No seed, or a seed repeated.</exception>
    public ExperimentBuilder WithSeeds(params long[] seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Length == 0 || seeds.Distinct().Count() != seeds.Length)
        {
            throw new ArgumentException($"give at least one seed and no repeats; got [{string.Join(", ", seeds)}]", nameof(seeds));
        }

        _seeds = seeds.ToArray();
        return this;
    }

    /// <summary>Probe settings (default: activations on 256 examples, 50-bin histograms, no gradient probes).</summary>
    /// <exception cref="ArgumentException">A value is invalid (all listed).</exception>
    public ExperimentBuilder WithProbes(ProbeOptions probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var problems = probes.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid probe options: " + string.Join("; ", problems), nameof(probes));
        }

        _probes = probes;
        return this;
    }

    /// <summary>How many runs train at once (default 1). Results do not depend on it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> &lt; 1.</exception>
    public ExperimentBuilder WithMaxDegreeOfParallelism(int degree)
    {
        if (degree < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, $"the degree of parallelism must be ≥ 1; got {degree}");
        }

        _parallelism = degree;
        return this;
    }

    /// <summary>
    /// Sets libtorch's intra-op thread count (<c>torch.set_num_threads</c>, process-wide) when the experiment runs.
    /// Bit-identical results need the same value on the same machine.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> &lt; 1.</exception>
    public ExperimentBuilder WithThreads(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"the thread count must be ≥ 1; got {threads}");
        }

        _threads = threads;
        return this;
    }

    /// <summary>
    /// Checks the whole description and creates the experiment. Besides the settings, it builds one model with the factory
    /// and dry-runs it: a model of your own must take a zero batch of its declared input shape and return logits
    /// <c>[N, C]</c> with C at least the number of classes of the data, and every scheme is applied to it once (so an
    /// initializer that cannot fill a parameter, such as <c>dirac</c> on a Linear weight, fails here, not in <c>RunAsync</c>).
    /// </summary>
    /// <exception cref="ExperimentValidationException">Every problem found, in one exception.</exception>
    /// <exception cref="InvalidOperationException">This builder has already built an experiment.</exception>
    public Experiment Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("this ExperimentBuilder has already built an experiment; create a new builder for another one");
        }

        var problems = Problems();
        var causes = new List<Exception>();
        var descriptions = _model is null ? [] : Describe(_model, problems, causes);
        if (problems.Count > 0)
        {
            throw new ExperimentValidationException(problems, causes);
        }

        _built = true;
        long validation = DataSubset.ValidationCount(_train!.Count, _validationFraction);
        var settings = new ExperimentSettings(_name, _train.Name, _train.Count - validation, validation, _test?.Name, _test?.Count ?? 0, _model!.Mlp,
            descriptions, _training, _seeds.ToArray(), _probes, _threads, SeedDerivation.Description, _model.Mlp is null ? _model.Describe() : null);
        return new Experiment(settings, _model, _train, _test, _validationFraction, _schemes.ToArray(), _parallelism);
    }

    /// <summary>
    /// A dry run on one model built by the factory (see <see cref="ModelDryRun"/>): for a model of your own, a zero batch of
    /// its input shape must give logits for every class; then every scheme is applied to it once.
    /// </summary>
    private SchemeDescription[] Describe(ModelDefinition definition, List<string> problems, List<Exception> causes)
    {
        using var generator = new Generator(0);
        using var model = GlobalGenerator.Building(null, () => ModelDryRun.Create(definition, generator, problems, causes));
        if (model is null)
        {
            return [];
        }

        if (definition.Mlp is null)
        {
            ModelDryRun.CheckForward(definition, model, Math.Max(_train?.Classes ?? 0, _test?.Classes ?? 0), problems, causes);
        }

        return ModelDryRun.ApplySchemes(definition, model, _schemes, problems, causes);
    }

    private List<string> Problems()
    {
        var problems = new List<string>();
        if (_train is null)
        {
            problems.Add("no training data: call WithTrainingData(dataset)");
        }

        if (_model is null)
        {
            problems.Add("no model: call WithModel(spec) or WithModel(name, inputShape, factory)");
        }

        if (_schemes.Count == 0)
        {
            problems.Add("no initializer to compare: call WithInitializer(...) or WithInitializers(...) at least once");
        }

        foreach (var duplicate in _schemes.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"initialization '{duplicate.Key}' is given {duplicate.Count()} times; give each a distinct name");
        }

        problems.AddRange(_training.Problems());
        if (_train is not null)
        {
            CheckTrainingData(_train, problems);
        }

        if (_test is not null && _model is not null)
        {
            CheckFits(_test, "test", problems);
        }

        return problems;
    }

    private void CheckTrainingData(LabeledDataset train, List<string> problems)
    {
        if (_model is not null)
        {
            CheckFits(train, "training", problems);
        }

        long validation = (long)Math.Round(train.Count * _validationFraction, MidpointRounding.AwayFromZero);
        long trainRows = train.Count - validation;
        if (trainRows < 1)
        {
            problems.Add($"a validation fraction of {Text(_validationFraction)} leaves no training example out of {train.Count}");
            return;
        }

        if (_training.BatchSize > trainRows)
        {
            problems.Add($"batch size {_training.BatchSize} is larger than the {trainRows} training examples left after the {Text(_validationFraction)} validation split");
        }

        if (_probes.ActivationBatchSize > trainRows)
        {
            problems.Add($"activation probe batch {_probes.ActivationBatchSize} is larger than the {trainRows} training examples");
        }

        foreach (var scheme in _schemes.Where(s => s.Lsuv is not null && s.Lsuv.Options.BatchSize > trainRows))
        {
            problems.Add($"LSUV batch {scheme.Lsuv!.Options.BatchSize} of '{scheme.Name}' is larger than the {trainRows} training examples");
        }
    }

    private void CheckFits(LabeledDataset data, string role, List<string> problems)
    {
        if (data.FeatureCount != _model!.InputSize)
        {
            problems.Add(_model.Mlp is not null
                ? $"the {role} data '{data.Name}' has {data.FeatureCount} features per example but the model expects {_model.InputSize}"
                : $"the {role} data '{data.Name}' has {data.FeatureCount} features per example but model '{_model.Name}' takes [{string.Join(", ", _model.InputShape)}] = {_model.InputSize} values");
        }

        if (_model.Mlp is { } mlp && data.Classes > mlp.Classes)
        {
            problems.Add($"the {role} data '{data.Name}' has {data.Classes} classes but the model outputs {mlp.Classes}");
        }
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
