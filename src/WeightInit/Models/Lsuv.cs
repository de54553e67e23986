using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>Settings of LSUV.</summary>
/// <param name="Tolerance">Stop when <c>|Var(sℓ) − 1| &lt; Tolerance</c> (paper: Tol_var = 0.1).</param>
/// <param name="MaxIterations">Rescalings per layer at most (paper: T_max = 10).</param>
/// <param name="BatchSize">Examples in the batch the experiment draws for LSUV.</param>
/// <param name="IncludeOutputLayer">Whether the output (logit) layer is rescaled too; the paper does every layer.</param>
public sealed record LsuvOptions(double Tolerance = 0.1, int MaxIterations = 10, int BatchSize = 256, bool IncludeOutputLayer = true)
{
    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Tolerance > 0 && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"LSUV tolerance must be in (0, 1); got {Tolerance}");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"LSUV needs at least 1 iteration; got {MaxIterations}");
        }

        if (BatchSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"LSUV needs a batch of at least 2 examples to measure a variance; got {BatchSize}");
        }
    }
}

/// <summary>What LSUV did to one layer.</summary>
/// <param name="Layer">Linear layer (0-based).</param>
/// <param name="Iterations">Rescalings applied.</param>
/// <param name="InitialVariance">Variance of the layer's output before LSUV.</param>
/// <param name="FinalVariance">Variance after the last rescaling.</param>
/// <param name="Converged">Whether <c>|FinalVariance − 1| &lt; tolerance</c>.</param>
public sealed record LsuvLayerReport(int Layer, int Iterations, double InitialVariance, double FinalVariance, bool Converged);

/// <summary>What LSUV did, layer by layer.</summary>
/// <param name="Layers">One entry per rescaled layer, input side first.</param>
public sealed record LsuvReport(IReadOnlyList<LsuvLayerReport> Layers)
{
    /// <summary>Whether every layer reached the tolerance.</summary>
    public bool Converged => Layers.All(l => l.Converged);
}

/// <summary>
/// Layer-sequential unit-variance initialization (Mishkin &amp; Matas 2016, "All you need is a good init",
/// Algorithm 1): start from <see cref="Start"/> (orthogonal in the paper), then for each layer ℓ in order, on one
/// batch, compute the variance of its output <c>sℓ = hℓ₋₁·Wℓᵀ + bℓ</c> (pre-activation, all elements) and set
/// <c>Wℓ ← Wℓ / √Var(sℓ)</c> until <c>|Var(sℓ) − 1| &lt; Tol</c> or <c>T_max</c> rescalings.
/// </summary>
public sealed class Lsuv
{
    /// <summary>Creates the procedure as the paper describes it: an orthogonal start (Saxe et al. 2014), then per-layer rescaling.</summary>
    /// <param name="options">Tolerance and iteration cap; <see langword="null"/> = the paper's (0.1, 10).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Lsuv(LsuvOptions? options = null)
        : this(new Orthogonal(), options)
    {
    }

    /// <summary>Creates the procedure.</summary>
    /// <param name="start">The initializer LSUV starts from (orthogonal in the paper).</param>
    /// <param name="options">Tolerance and iteration cap; <see langword="null"/> = the paper's (0.1, 10).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Lsuv(IInitializer start, LsuvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        Options = options ?? new LsuvOptions();
        Options.Validate();
        Start = start;
    }

    /// <summary>The starting initializer.</summary>
    public IInitializer Start { get; }

    /// <summary>The settings.</summary>
    public LsuvOptions Options { get; }

    /// <summary>
    /// Rescales <paramref name="model"/>'s weights in place using <paramref name="batch"/> (<c>[N, InputSize]</c>).
    /// Uses no randomness. A layer whose output variance is 0 (e.g. all-zero weights) cannot be rescaled and is
    /// reported as not converged after 0 iterations.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="batch"/> does not fit the model.</exception>
    public LsuvReport Refine(Mlp model, Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 2 || batch.shape[1] != model.Spec.InputSize || batch.shape[0] < 2)
        {
            throw new ArgumentException($"the LSUV batch must be [N ≥ 2, {model.Spec.InputSize}]; got [{string.Join(", ", batch.shape)}]", nameof(batch));
        }

        int layers = Options.IncludeOutputLayer ? model.LayerCount : model.LayerCount - 1;
        var reports = new List<LsuvLayerReport>(layers);
        using var noGrad = no_grad();
        for (int l = 0; l < layers; l++)
        {
            using var scope = NewDisposeScope();
            var input = model.InputOf(l, batch);
            reports.Add(RefineLayer(model, l, input));
        }

        return new LsuvReport(reports);
    }

    private LsuvLayerReport RefineLayer(Mlp model, int layer, Tensor input)
    {
        var weight = model.Weight(layer);
        double variance = OutputVariance(model, layer, input);
        double initial = variance;
        int iterations = 0;
        while (Math.Abs(variance - 1) >= Options.Tolerance && iterations < Options.MaxIterations)
        {
            if (!(variance > 0) || !double.IsFinite(variance))
            {
                break;
            }

            weight.div_(Math.Sqrt(variance));
            iterations++;
            variance = OutputVariance(model, layer, input);
        }

        return new LsuvLayerReport(layer, iterations, initial, variance, Math.Abs(variance - 1) < Options.Tolerance);
    }

    private static double OutputVariance(Mlp model, int layer, Tensor input)
    {
        using var scope = NewDisposeScope();
        var s = nn.functional.linear(input, model.Weight(layer), model.Bias(layer));
        return s.var().to_type(ScalarType.Float64).item<double>();
    }
}
