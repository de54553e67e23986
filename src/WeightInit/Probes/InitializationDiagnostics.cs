using System.Runtime.InteropServices;
using TorchSharp.Modules;
using WeightInit.Models;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>
/// Tells, before training, what an initialization does to a model: how the forward signal and the backward gradient
/// propagate module by module on one batch, and whether that is healthy (the hand-made study of the documents' Q5.2, for
/// any model; Glorot &amp; Bengio 2010, He et al. 2015).
/// </summary>
public static class InitializationDiagnostics
{
    /// <summary>
    /// Runs one forward pass of <paramref name="batch"/> through <paramref name="model"/> with a hook on every leaf with
    /// parameters and every activation module, then one backward pass of the loss (computed with <c>torch.autograd.grad</c>,
    /// so no <c>.grad</c> is accumulated on any parameter), and reports per module in forward order: the forward std of its
    /// output, the std of the gradient arriving at that output, the std of its weight gradient, their growth factors, the
    /// dead or saturated fraction of activation modules, whether its units are all identical, and for an <see cref="Mlp"/>
    /// the mean-field prediction of the forward std. Flags and a one-line verdict follow (see <see cref="InspectionOptions"/>).
    /// </summary>
    /// <remarks>
    /// <para>The loss: with <paramref name="labels"/>, the mean cross-entropy of the logits <c>[N, C]</c>. Without labels,
    /// the surrogate is the same cross-entropy on labels drawn uniformly from the <c>C</c> classes by a generator seeded with
    /// <see cref="InspectionOptions.LabelSeed"/> (at initialization the gradient it sends back has the size a real first step
    /// sees); when the output is not <c>[N, C]</c>, the surrogate is <c>mean(output · r)</c> with <c>r ~ N(0, 1)</c> from that
    /// generator, whose gradient at the output does not depend on the output's scale.</para>
    /// <para>The model is left as it was: hooks are removed, no gradient is stored, every module's training flag and every
    /// buffer are restored. Hooks run only on submodules invoked through <c>call</c> (as <c>Sequential</c> does).</para>
    /// <para>Modules that own parameters but have no row — not run through <c>call</c>, not tensor → tensor (LSTM, GRU),
    /// or owning parameters beside submodules — are listed in <see cref="InspectionReport.NotMeasured"/> and flagged
    /// <see cref="InspectionFlagKind.NotMeasured"/>, so such a report is never "healthy"; when no module at all was measured,
    /// <see cref="NothingMeasuredException"/> is thrown instead of a report.</para>
    /// </remarks>
    /// <param name="model">Any module mapping a tensor to a tensor.</param>
    /// <param name="batch">Inputs of the shape the model expects, at least 2 examples (a std needs two).</param>
    /// <param name="labels">Class indices <c>[N]</c> (int64), or null for the surrogate loss.</param>
    /// <param name="options">Thresholds; null for <see cref="InspectionOptions.Default"/>.</param>
    /// <returns>The per-module table, the flags and the verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="batch"/> is null.</exception>
    /// <exception cref="BatchMismatchException">The batch has fewer than 2 examples or does not fit the model (the model's forward raised an
    /// <see cref="ExternalException"/> or <see cref="ArgumentException"/>), or the labels do not fit the batch or the logits.</exception>
    /// <exception cref="NothingMeasuredException">No hooked module ran, so nothing was measured (e.g. the model's forward runs its
    /// submodules through <c>forward(x)</c> instead of <c>call(x)</c>); the message names the model type and its unmeasured modules.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold in <paramref name="options"/> is out of range.</exception>
    public static InspectionReport Inspect(nn.Module<Tensor, Tensor> model, Tensor batch, Tensor? labels = null, InspectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        options ??= InspectionOptions.Default;
        options.Validate();
        CheckBatch(model, batch);
        if (labels is not null)
        {
            CheckLabels(labels, batch.shape[0]);
        }

        using var state = new ModelStateGuard(model);
        if (options.TrainingMode)
        {
            model.train();
        }

        using var scope = NewDisposeScope();
        using var enableGrad = enable_grad();
        var captured = new List<CapturedModule>();
        Tensor output;
        using (ModuleHooks.OnOutputs(model, ModuleHooks.DefaultSelection, (name, module, h) => captured.Add(CapturedModule.Of(name, module, h, options))))
        {
            try
            {
                output = model.call(batch);
            }
            catch (Exception e) when (e is ExternalException or ArgumentException)
            {
                // libtorch's shape errors arrive as ExternalException, TorchSharp's own checks (Conv2d's rank) as ArgumentException.
                throw new BatchMismatchException(
                    $"the batch of shape {BatchMismatchException.Format(batch.shape)} does not fit model {model.GetType().Name}: {e.Message.Split('\n')[0]}; " +
                    "pass a batch of the shape the model takes, with examples along dimension 0 (images [N, C, H, W] for a CNN, flat rows [N, features] for an MLP)",
                    nameof(batch), batch.shape, e);
            }
        }

        var notMeasured = UnmeasuredModule.Find(model, captured.Select(c => c.Name).ToHashSet());
        if (captured.Count == 0)
        {
            throw new NothingMeasuredException(model.GetType().Name, notMeasured);
        }

        var (loss, lossText) = InspectionLoss.Compute(output, labels, batch.shape, options.LabelSeed);
        var gradients = Backward(loss, captured);
        var meanField = model is Mlp mlp ? MlpMeanField.Predict(mlp, batch) : null;
        var rows = InspectionRows.Build(captured, gradients, meanField);
        var withBias = captured.Where(c => c.HasBias).Select(c => c.Name).ToHashSet();
        return InspectionVerdict.Judge(rows, lossText, options, notMeasured, withBias);
    }

    private static void CheckBatch(nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        if (batch.dim() < 1 || batch.shape[0] < 2)
        {
            throw new BatchMismatchException(
                $"the batch must hold at least 2 examples along dimension 0 (a std needs two); got shape {BatchMismatchException.Format(batch.shape)}",
                nameof(batch), batch.shape);
        }

        if (model is Mlp mlp && (batch.dim() != 2 || batch.shape[1] != mlp.Spec.InputSize))
        {
            throw new BatchMismatchException(
                $"this MLP takes batches [N, {mlp.Spec.InputSize}]; got {BatchMismatchException.Format(batch.shape)} (flatten images first)",
                nameof(batch), batch.shape);
        }
    }

    private static void CheckLabels(Tensor labels, long examples)
    {
        if (labels.dim() != 1 || labels.shape[0] != examples || labels.dtype != ScalarType.Int64)
        {
            throw new BatchMismatchException(
                $"labels must be int64 class indices [{examples}], one per example of the batch; got {labels.dtype} {BatchMismatchException.Format(labels.shape)}",
                nameof(labels), labels.shape);
        }
    }

    /// <summary>The gradient of the loss at every captured output and parameter, without touching any <c>.grad</c>.</summary>
    private static Dictionary<IntPtr, Tensor> Backward(Tensor loss, IReadOnlyList<CapturedModule> captured)
    {
        var inputs = new List<Tensor>();
        var seen = new HashSet<IntPtr>();
        foreach (var c in captured)
        {
            if (c.Output.requires_grad && seen.Add(c.Output.Handle))
            {
                inputs.Add(c.Output);
            }

            foreach (var p in c.Parameters.Where(p => p.requires_grad && seen.Add(p.Handle)))
            {
                inputs.Add(p);
            }
        }

        var result = new Dictionary<IntPtr, Tensor>();
        if (inputs.Count == 0 || !loss.requires_grad)
        {
            return result;
        }

        var grads = autograd.grad([loss], inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            result[inputs[i].Handle] = grads[i];
        }

        return result;
    }
}

/// <summary>One hooked module call: its forward statistics, reduced in the hook, and a handle to its output for the backward pass.</summary>
internal sealed record CapturedModule(string Name, nn.Module Module, Tensor Output, IReadOnlyList<Tensor> Parameters, double Std, double? Dead, double? Saturated, bool Symmetric, bool HasBias)
{
    public static CapturedModule Of(string name, nn.Module module, Tensor h, InspectionOptions options)
    {
        var handle = h.alias();   // our own handle: Sequential disposes its intermediate ones
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = h.detach().to_type(ScalarType.Float64);
        double? dead = module is ReLU or ReLU6 ? x.eq(0).all(0).to_type(ScalarType.Float64).mean().item<double>() : null;
        double? saturated = module switch
        {
            Tanh => x.abs().gt(options.SaturationLevel).to_type(ScalarType.Float64).mean().item<double>(),
            Sigmoid => x.mul(2).sub(1).abs().gt(options.SaturationLevel).to_type(ScalarType.Float64).mean().item<double>(),
            _ => null,
        };
        var parameters = module.named_parameters(recurse: false).ToArray();
        bool symmetric = HasIdenticalUnits(parameters, options.SymmetryTolerance);
        var own = parameters.Where(p => p.name == "weight").Select(p => (Tensor)p.parameter).ToArray();
        return new CapturedModule(name, module, handle, own.Length > 0 ? own : parameters.Select(p => (Tensor)p.parameter).ToArray(),
            x.std().item<double>(), dead, saturated, symmetric, parameters.Any(p => p.name == "bias"));
    }

    /// <summary>
    /// Whether every unit of a layer (a row of its weight of rank ≥ 2, with its bias entry) is the same: the spread over units
    /// of each weight position, and of the bias, is at most <paramref name="tolerance"/> times the largest magnitude.
    /// </summary>
    private static bool HasIdenticalUnits((string name, TorchSharp.Modules.Parameter parameter)[] parameters, double tolerance)
    {
        var weight = parameters.FirstOrDefault(p => p.name == "weight").parameter;
        if (weight is null || weight.dim() < 2 || weight.shape[0] < 2)
        {
            return false;
        }

        var w = weight.detach().to_type(ScalarType.Float64).flatten(1);
        bool same = (w.amax([0]) - w.amin([0])).max().item<double>() <= tolerance * w.abs().max().item<double>();
        var bias = parameters.FirstOrDefault(p => p.name == "bias").parameter;
        if (same && bias is not null && bias.numel() == weight.shape[0])
        {
            var b = bias.detach().to_type(ScalarType.Float64);
            same = (b.max() - b.min()).item<double>() <= tolerance * b.abs().max().item<double>();
        }

        return same;
    }
}
