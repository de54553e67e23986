namespace WeightInit.Theory;

/// <summary>
/// One fully connected layer as mean-field theory sees it (Poole et al. 2016): weights with variance
/// <c>σ_w²/fan_in</c> and biases with variance <c>σ_b²</c>, both zero-mean.
/// </summary>
public sealed record MeanFieldLayer
{
    /// <summary>Creates a layer from the scaled weight variance and the bias variance.</summary>
    /// <param name="weightVarianceScale"><c>σ_w² = fan_in · Var(W)</c>, finite and ≥ 0.</param>
    /// <param name="biasVariance"><c>σ_b² = Var(b)</c>, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A variance is negative, NaN or infinite.</exception>
    public MeanFieldLayer(double weightVarianceScale, double biasVariance = 0)
    {
        WeightVarianceScale = RequireVariance(weightVarianceScale, nameof(weightVarianceScale));
        BiasVariance = RequireVariance(biasVariance, nameof(biasVariance));
    }

    /// <summary><c>σ_w² = fan_in · Var(W)</c>: He init gives 2, Xavier <c>2·fan_in/(fan_in + fan_out)</c>, N(0, 0.01²) gives <c>fan_in·10⁻⁴</c>.</summary>
    public double WeightVarianceScale { get; }

    /// <summary><c>σ_b² = Var(b)</c>; 0 for the documents' zeroed biases.</summary>
    public double BiasVariance { get; }

    /// <summary>The layer whose weights have variance <paramref name="weightVariance"/> and fan-in <paramref name="fanIn"/>.</summary>
    /// <param name="fanIn">Inputs per unit (≥ 1): 784 for the documents' first layer, 256 after it.</param>
    /// <param name="weightVariance"><c>Var(W)</c> of one weight, e.g. <c>2/fan_in</c> for He, <c>10⁻⁴</c> for N(0, 0.01²).</param>
    /// <param name="biasVariance"><c>Var(b)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> &lt; 1, or a variance is negative, NaN or infinite.</exception>
    public static MeanFieldLayer FromWeightVariance(long fanIn, double weightVariance, double biasVariance = 0)
    {
        if (fanIn < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, $"fan_in must be ≥ 1; got {fanIn}.");
        }

        RequireVariance(weightVariance, nameof(weightVariance));
        return new MeanFieldLayer(fanIn * weightVariance, biasVariance);
    }

    /// <summary>
    /// Every linear layer of <paramref name="model"/>, hidden layers first and the output layer last, with
    /// <c>σ_w² = fan_in · mean(W²)</c> and <c>σ_b² = mean(b²)</c> read off its actual weights (so any initializer, and any
    /// training state, is described as it is).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static MeanFieldLayer[] Of(Models.Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        var spec = model.Spec;
        return Enumerable.Range(0, spec.LayerCount).Select(l => FromWeightVariance(
            spec.LayerShape(l).In,
            model.Weight(l).detach().to_type(TorchSharp.torch.ScalarType.Float64).square().mean().item<double>(),
            model.Bias(l).detach().to_type(TorchSharp.torch.ScalarType.Float64).square().mean().item<double>())).ToArray();
    }

    private static double RequireVariance(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite variance ≥ 0; got {value}.");
        }

        return value;
    }
}

/// <summary>The mean-field prediction for one hidden layer.</summary>
/// <param name="Depth">1-based layer index.</param>
/// <param name="PreActivationVariance"><c>q_l</c>, the variance of the pre-activation <c>h_l = W_l·x_(l−1) + b_l</c>.</param>
/// <param name="ActivationMean"><c>E[φ(h_l)]</c>.</param>
/// <param name="ActivationVariance"><c>Var[φ(h_l)]</c>.</param>
public sealed record MeanFieldLayerPrediction(int Depth, double PreActivationVariance, double ActivationMean, double ActivationVariance)
{
    /// <summary>Standard deviation of the activation, <c>√Var[φ(h_l)]</c> — what the documents' Q5.2 measures per layer.</summary>
    public double ActivationStd => Math.Sqrt(ActivationVariance);

    /// <summary><c>E[φ(h_l)²] = Var + mean²</c>, which feeds the next layer.</summary>
    public double ActivationSecondMoment => ActivationVariance + (ActivationMean * ActivationMean);
}
