using System.Diagnostics;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Experiments.Cli;
using WeightInit.Experiments.Reproduction;
using WeightInit.Models;
using WeightInit.Probes;
using WeightInit.Sweeps;
using WeightInit.Theory;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Experiments.Studies;

/// <summary>
/// Runs one depth-study cell: the signal at initialization (forward std at the last hidden layer, backward std where the
/// backward pass ends, both beside their mean-field predictions), then a short SGD run for the test accuracy.
/// </summary>
internal sealed class DepthStudyCellRunner(LabeledDataset train, LabeledDataset test, DepthStudyDefinition study)
{
    /// <summary>Examples in the batch the initial statistics are measured on (and LSUV's batch).</summary>
    public const int ProbeBatch = 256;

    /// <summary>Metric names written into <see cref="SweepCellResult.Metrics"/>.</summary>
    public const string ForwardLast = "init_forward_std_last", ForwardLastMeanField = "meanfield_forward_std_last",
        BackwardFirst = "init_backward_std_first", BackwardFirstMeanField = "meanfield_backward_std_first", SpreadPrefix = "spread_forward_std_last_seed";

    private static readonly GaussHermiteQuadrature Rule = GaussHermiteQuadrature.Create(MeanField.DefaultQuadraturePoints);

    /// <summary>Runs <paramref name="cell"/>; deterministic given the cell, so shards agree with a single process.</summary>
    public async Task<SweepCellResult> RunAsync(SweepCell cell, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        var spec = new MlpSpec((int)train.FeatureCount, MlpSpec.Hidden(cell.Width, cell.Depth), train.Classes, ModelFactory.Activation(cell.Activation));
        var scheme = DepthStudyDefinition.Scheme(cell.Initializer, cell.Activation);
        var metrics = new SortedDictionary<string, double>();
        var initial = MeasureInitial(spec, scheme, cell.Seed);
        metrics[ForwardLast] = initial.ForwardStd[^1];
        metrics[ForwardLastMeanField] = initial.ForwardMeanField;
        metrics[BackwardFirst] = initial.BackwardFirst;
        metrics[BackwardFirstMeanField] = initial.BackwardMeanField;
        if (cell.Seed == DepthStudyDefinition.FirstSeed)
        {
            for (int k = 0; k < study.SpreadSeeds; k++)
            {
                int seed = DepthStudyDefinition.FirstSeed + k;
                metrics[SpreadPrefix + seed.ToString(CultureInfo.InvariantCulture)] = seed == cell.Seed ? initial.ForwardStd[^1] : MeasureInitial(spec, scheme, seed).ForwardStd[^1];
            }
        }

        bool diverged = study.Epochs > 0 && await MlpSweepCellRunner.TrainAsync(cell, spec, scheme, train, test,
            new TrainingOptions(study.Epochs, DepthStudyDefinition.BatchSize, OptimizerSpec.Sgd(study.LearningRate)), metrics, token).ConfigureAwait(false);

        return new SweepCellResult(cell, metrics, initial.ForwardStd, diverged, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The statistics at initialization of the model <paramref name="scheme"/> gives with <paramref name="seed"/> (after LSUV when the scheme has it).</summary>
    internal InitialSignal MeasureInitial(MlpSpec spec, InitializationScheme scheme, int seed)
    {
        using var scope = NewDisposeScope();
        using var init = SeedDerivation.CreateGenerator(seed, RandomStream.Initialization);
        using var model = Mlp.Create(spec, scheme, init);
        if (scheme.Lsuv is not null)
        {
            var (lsuvBatch, _) = Batch(seed, RandomStream.Lsuv);
            scheme.Lsuv.Refine(model, lsuvBatch);
        }

        var (x, y) = Batch(seed, RandomStream.Probe);
        // The inspector's activation rows are the hidden layers' outputs, in order, with the gradient arriving at each.
        var hidden = InitializationDiagnostics.Inspect(model, x, y).Modules.Where(m => !m.HasParameters).ToArray();
        var forward = hidden.Select(m => m.ForwardStd).ToArray();
        double backFirst = hidden[0].BackwardStd;
        double backLast = hidden[^1].BackwardStd;
        double q0 = MeanField.InputSecondMoment(x);
        var predicted = ModelMeanField.ActivationStd(model, q0);
        return new InitialSignal(forward, predicted[^1], backFirst, backLast * BackwardGain(model, q0));
    }

    /// <summary>
    /// The mean-field factor by which the gradient's std changes from the last hidden layer's output back to the first's:
    /// <c>∏_{ℓ=2..L} √(n_out,ℓ · Var(W_ℓ) · E[φ'(s_ℓ)²])</c>, <c>s_ℓ ~ N(0, q_ℓ)</c> (Schoenholz et al. 2017), with the
    /// variances read off the model's weights and <c>q_ℓ</c> from the forward map.
    /// </summary>
    internal static double BackwardGain(Mlp model, double q0)
    {
        var spec = model.Spec;
        var activation = spec.Activation.MeanField;
        var layers = Enumerable.Range(0, spec.HiddenWidths.Count).Select(l => MeanFieldLayer.FromWeightVariance(
            spec.LayerShape(l).In, model.Weight(l).detach().to_type(ScalarType.Float64).square().mean().item<double>())).ToArray();
        var forward = MeanField.Propagate(activation, q0, layers);
        double log = 0;
        for (int l = 1; l < layers.Length; l++)
        {
            double derivative = DerivativeSecondMoment(spec.Activation.Kind, forward[l].PreActivationVariance);
            log += 0.5 * Math.Log(spec.LayerShape(l).Out * layers[l].WeightVarianceScale / spec.LayerShape(l).In * derivative);
        }

        return Math.Exp(log);
    }

    /// <summary><c>E[φ'(√q·z)²]</c>: ½ for ReLU (its derivative is 1 on half the line), <c>E[sech⁴]</c> for tanh, 1 for identity.</summary>
    internal static double DerivativeSecondMoment(ActivationKind kind, double q) => kind switch
    {
        ActivationKind.ReLU => 0.5,
        ActivationKind.Identity => 1,
        ActivationKind.Tanh => GaussianExpectation.Of(v => Math.Pow(1 / Math.Cosh(v), 4), q, Rule),
        _ => throw new ArgumentException($"the depth study's backward prediction covers tanh, relu and identity; got {kind}", nameof(kind)),
    };

    private (Tensor X, Tensor Y) Batch(int seed, RandomStream stream)
    {
        using var generator = SeedDerivation.CreateGenerator(seed, stream);
        return train.SampleRows(ProbeBatch, generator);
    }
}

/// <summary>The signal of one initialized model before training.</summary>
/// <param name="ForwardStd">Std of each hidden layer's output.</param>
/// <param name="ForwardMeanField">Mean-field prediction of the last hidden layer's std.</param>
/// <param name="BackwardFirst">Std of the loss gradient with respect to the first hidden layer's output, where the backward pass ends.</param>
/// <param name="BackwardMeanField">Its mean-field prediction from the measured gradient at the last hidden layer.</param>
internal sealed record InitialSignal(IReadOnlyList<double> ForwardStd, double ForwardMeanField, double BackwardFirst, double BackwardMeanField);
