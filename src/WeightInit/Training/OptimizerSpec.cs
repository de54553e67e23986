using System.Globalization;
using System.Text.Json.Serialization;

namespace WeightInit.Training;

/// <summary>An optimizer and its hyper-parameters (serializable; the trainer applies its update rule).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SgdSpec), "sgd")]
[JsonDerivedType(typeof(AdamSpec), "adam")]
public abstract record OptimizerSpec
{
    private protected OptimizerSpec()
    {
    }

    /// <summary>Short text, e.g. <c>sgd(lr=0.1)</c>.</summary>
    [JsonIgnore]
    public abstract string Name { get; }

    /// <summary>Stochastic gradient descent; the documents use <c>Sgd(0.1)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static SgdSpec Sgd(double learningRate, double momentum = 0, double weightDecay = 0, bool nesterov = false)
    {
        var spec = new SgdSpec(learningRate, momentum, weightDecay, nesterov);
        spec.Validate();
        return spec;
    }

    /// <summary>Adam (Kingma &amp; Ba 2015).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static AdamSpec Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    {
        var spec = new AdamSpec(learningRate, beta1, beta2, epsilon, weightDecay);
        spec.Validate();
        return spec;
    }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public abstract void Validate();

    private protected static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite; got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private protected static void RequireUnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1); got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private protected static void RequireNonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ 0 and finite; got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}

/// <summary>SGD: <c>v ← μ·v + (g + λ·w)</c>, <c>w ← w − lr·v</c> (PyTorch's form; plain SGD when μ = 0).</summary>
/// <param name="LearningRate">lr &gt; 0.</param>
/// <param name="Momentum">μ in [0, 1).</param>
/// <param name="WeightDecay">λ ≥ 0 (L2 added to the gradient).</param>
/// <param name="Nesterov">Nesterov momentum (needs μ &gt; 0).</param>
public sealed record SgdSpec(double LearningRate, double Momentum = 0, double WeightDecay = 0, bool Nesterov = false) : OptimizerSpec
{
    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"sgd(lr={LearningRate}{(Momentum > 0 ? $", momentum={Momentum}" : "")}{(WeightDecay > 0 ? $", weight_decay={WeightDecay}" : "")}{(Nesterov ? ", nesterov" : "")})");

    /// <inheritdoc/>
    public override void Validate()
    {
        RequirePositive(LearningRate, nameof(LearningRate));
        RequireUnitInterval(Momentum, nameof(Momentum));
        RequireNonNegative(WeightDecay, nameof(WeightDecay));
        if (Nesterov && Momentum == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Nesterov momentum needs Momentum > 0; got 0");
        }
    }
}

/// <summary>Adam with PyTorch's defaults (β₁ 0.9, β₂ 0.999, ε 1e-8); weight decay is L2 added to the gradient.</summary>
/// <param name="LearningRate">lr &gt; 0.</param>
/// <param name="Beta1">β₁ in [0, 1).</param>
/// <param name="Beta2">β₂ in [0, 1).</param>
/// <param name="Epsilon">ε &gt; 0.</param>
/// <param name="WeightDecay">λ ≥ 0.</param>
public sealed record AdamSpec(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0) : OptimizerSpec
{
    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"adam(lr={LearningRate}{(WeightDecay > 0 ? $", weight_decay={WeightDecay}" : "")})");

    /// <inheritdoc/>
    public override void Validate()
    {
        RequirePositive(LearningRate, nameof(LearningRate));
        RequireUnitInterval(Beta1, nameof(Beta1));
        RequireUnitInterval(Beta2, nameof(Beta2));
        RequirePositive(Epsilon, nameof(Epsilon));
        RequireNonNegative(WeightDecay, nameof(WeightDecay));
    }
}
