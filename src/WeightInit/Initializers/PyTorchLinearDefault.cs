namespace WeightInit.Initializers;

/// <summary>
/// What TorchSharp's and PyTorch's <c>Linear</c> (and conv) layers do to their weight when left alone:
/// <c>kaiming_uniform_(a = √5)</c>, i.e. gain <c>√(2 / (1 + 5)) = 1/√3</c> and
/// <c>U(−1/√fan_in, 1/√fan_in)</c>. Named so experiments can compare against the framework default. The bound is
/// computed as <c>nn.Linear.reset_parameters</c> computes it (gain of <c>a = √5</c>, <c>√3 · gain / √fan_in</c>), so the
/// tensor is PyTorch's bit for bit under the same seed.
/// Its bias counterpart is <see cref="PyTorchLinearDefaultBias"/>.
/// </summary>
public sealed class PyTorchLinearDefault : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    public PyTorchLinearDefault()
        : base("pytorch_default", 1.0 / 3.0, FanMode.FanIn, ScalingDistribution.Uniform, PresetArguments.KaimingStd(Gain.For("leaky_relu", Math.Sqrt(5.0)), FanMode.FanIn))
    {
    }
}
