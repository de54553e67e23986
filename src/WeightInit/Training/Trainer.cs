using System.Diagnostics;
using WeightInit.Models;
using WeightInit.Probes;
using static TorchSharp.torch;

namespace WeightInit.Training;

/// <summary>
/// Trains an <see cref="Mlp"/> with cross-entropy: shuffles the training rows each epoch with
/// <c>randperm(n, generator)</c>, gathers batches with <c>index_select</c>, one dispose scope per step, losses kept on
/// the device and read every <see cref="TrainingOptions.CheckEverySteps"/> steps and at epoch end; gradients by libtorch's
/// autograd, updates by PyTorch's rule for <see cref="TrainingOptions.Optimizer"/> (applied by the library, not by
/// TorchSharp's optimizers: see <see cref="ParameterUpdate"/>).
/// Runs synchronously on the calling thread; distinct trainers and models may run on distinct threads at once.
/// </summary>
public sealed class Trainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Epochs, batch size, optimizer.</param>
    /// <param name="probeEverySteps">Record <see cref="ProbeSnapshot"/>s at steps 1, 1+N, 1+2N, …; 0 = no probes.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> has invalid values (all listed in the message).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probeEverySteps"/> is negative.</exception>
    public Trainer(TrainingOptions options, int probeEverySteps = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid training options: " + string.Join("; ", problems), nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(probeEverySteps);
        Options = options;
        ProbeEverySteps = probeEverySteps;
    }

    /// <summary>The options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Probe interval in steps (0 = off).</summary>
    public int ProbeEverySteps { get; }

    /// <summary>
    /// Trains <paramref name="model"/> in place. Cancellation is checked between steps and ends the run as
    /// <see cref="RunStatus.Cancelled"/> (no exception); a NaN/∞ loss ends it as <see cref="RunStatus.Diverged"/>.
    /// </summary>
    /// <param name="model">The model (its parameters are updated).</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows evaluated after each epoch, or <see langword="null"/>.</param>
    /// <param name="test">Test rows evaluated after each epoch, or <see langword="null"/>.</param>
    /// <param name="shuffle">The only source of randomness (batch order).</param>
    /// <param name="runLabel">Label in progress reports.</param>
    /// <param name="progress">Receives reports on the training thread.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <exception cref="ArgumentException">The data do not fit the model, or there is no training row.</exception>
    public TrainingOutcome Train(Mlp model, DataSubset train, DataSubset? validation, DataSubset? test, Generator shuffle,
        string runLabel = "run", IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(shuffle);
        CheckFits(model, train, nameof(train));
        if (validation is not null)
        {
            CheckFits(model, validation, nameof(validation));
        }

        if (test is not null)
        {
            CheckFits(model, test, nameof(test));
        }

        var run = new RunState(model, train, shuffle, this, runLabel, progress, cancellationToken);
        if (run.StepsPerEpoch == 0)
        {
            throw new ArgumentException($"{train.Count} training examples give no complete batch of {Options.BatchSize} with DropLastBatch", nameof(train));
        }

        using var optimizer = ParameterUpdate.Create(Options.EffectiveOptimizer, model.parameters());
        var epochs = new List<EpochRecord>();
        model.train();
        for (int epoch = 1; epoch <= Options.Epochs && run.Status == RunStatus.Completed; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var (meanLoss, accuracy) = run.RunEpoch(optimizer, epoch);
            if (run.Status != RunStatus.Completed)
            {
                break;
            }

            var (valLoss, valAcc) = validation is null || validation.Count == 0 ? (double.NaN, double.NaN) : Evaluator.Evaluate(model, validation, Options.EvaluationBatchSize);
            (double, double)? testMetrics = test is null || (!Options.TestEveryEpoch && epoch < Options.Epochs)
                ? null
                : Evaluator.Evaluate(model, test, Options.EvaluationBatchSize);
            epochs.Add(new EpochRecord(epoch, meanLoss, accuracy, valLoss, valAcc, testMetrics?.Item1, testMetrics?.Item2, clock.Elapsed.TotalSeconds));
            progress?.Report(new TrainingProgress(runLabel, ProgressKind.EpochEnd, epoch, run.Step, run.StepsPerEpoch, meanLoss));
        }

        progress?.Report(new TrainingProgress(runLabel, ProgressKind.RunEnd, Math.Max(1, epochs.Count), run.Step, run.StepsPerEpoch,
            run.Losses.Count > 0 ? run.Losses[^1] : double.NaN, run.Status));
        return new TrainingOutcome(run.Status, run.DivergedAtStep, epochs, run.Losses, run.Probes);
    }

    private static void CheckFits(Mlp model, DataSubset data, string name)
    {
        if (data.Data.FeatureCount != model.Spec.InputSize)
        {
            throw new ArgumentException($"{name} has {data.Data.FeatureCount} features per example but the model expects {model.Spec.InputSize}", name);
        }

        if (data.Data.Classes > model.Spec.Classes)
        {
            throw new ArgumentException($"{name} has {data.Data.Classes} classes but the model outputs {model.Spec.Classes} logits", name);
        }
    }

    /// <summary>Mutable state of one training run.</summary>
    private sealed class RunState(Mlp model, DataSubset train, Generator shuffle, Trainer trainer, string label, IProgress<TrainingProgress>? progress, CancellationToken token)
    {
        public int StepsPerEpoch { get; } = (int)(trainer.Options.DropLastBatch
            ? train.Count / trainer.Options.BatchSize
            : (train.Count + trainer.Options.BatchSize - 1) / trainer.Options.BatchSize);

        public RunStatus Status { get; private set; } = RunStatus.Completed;

        public int? DivergedAtStep { get; private set; }

        public int Step { get; private set; }

        public List<double> Losses { get; } = [];

        public List<ProbeSnapshot> Probes { get; } = [];

        /// <summary>Runs one epoch; returns (mean minibatch loss, running accuracy).</summary>
        public (double Loss, double Accuracy) RunEpoch(ParameterUpdate optimizer, int epoch)
        {
            var options = trainer.Options;
            using var epochScope = NewDisposeScope();
            var order = randperm(train.Count, generator: shuffle);
            var losses = zeros(StepsPerEpoch, ScalarType.Float32);
            var correct = zeros(1, ScalarType.Int64);
            int firstStep = Step;
            long seen = 0;
            int done = 0;
            for (int b = 0; b < StepsPerEpoch; b++)
            {
                if (token.IsCancellationRequested)
                {
                    Status = RunStatus.Cancelled;
                    break;
                }

                long start = (long)b * options.BatchSize;
                long length = Math.Min(options.BatchSize, train.Count - start);
                seen += length;
                TrainStep(optimizer, epoch, order, start, length, losses, b, correct);
                done++;
                if (Step % options.CheckEverySteps == 0 && Check(losses, done, firstStep, epoch))
                {
                    break;
                }
            }

            double[] values = losses.narrow(0, 0, done).to_type(ScalarType.Float64).data<double>().ToArray();
            int bad = Array.FindIndex(values, v => !double.IsFinite(v));
            int keep = bad >= 0 ? bad + 1 : values.Length;
            Losses.AddRange(values.Take(keep));
            if (bad >= 0)
            {
                Status = RunStatus.Diverged;
                DivergedAtStep = firstStep + bad + 1;
                Step = firstStep + keep;
            }

            return (values.Length == 0 ? double.NaN : values.Average(), (double)correct.item<long>() / Math.Max(1, seen));
        }

        private void TrainStep(ParameterUpdate optimizer, int epoch, Tensor order, long start, long length, Tensor losses, int slot, Tensor correct)
        {
            using var stepScope = NewDisposeScope();
            var (x, y) = train.Gather(order, start, length);
            bool probe = trainer.ProbeEverySteps > 0 && Step % trainer.ProbeEverySteps == 0;
            optimizer.ZeroGrad();
            List<Tensor>? pre = probe ? [] : null;
            var logits = model.Forward(x, pre, null);
            if (pre is not null)
            {
                foreach (var s in pre)
                {
                    s.retain_grad();
                }
            }

            var loss = nn.functional.cross_entropy(logits, y);
            loss.backward();
            Step++;
            if (pre is not null)
            {
                Probes.Add(GradientProbe.Snapshot(model, pre, Step, epoch));
            }

            optimizer.Step();
            Record(loss, logits, y, losses, slot, correct);
        }

        private static void Record(Tensor loss, Tensor logits, Tensor y, Tensor losses, int slot, Tensor correct)
        {
            using (no_grad())
            {
                losses.narrow(0, slot, 1).copy_(loss.detach().reshape(1));
                correct.add_(logits.argmax(1).eq(y).sum(), HeldScalars.One);
            }
        }

        /// <summary>Reads the losses so far: reports progress, returns true when one is not finite.</summary>
        private bool Check(Tensor losses, int done, int firstStep, int epoch)
        {
            using var scope = NewDisposeScope();
            var soFar = losses.narrow(0, 0, done);
            if (!soFar.isfinite().all().item<bool>())
            {
                return true;
            }

            progress?.Report(new TrainingProgress(label, ProgressKind.Step, epoch, firstStep + done, StepsPerEpoch, soFar[done - 1].item<float>()));
            return false;
        }
    }
}
