using FluentAssertions;
using TorchSharp;
using WeightInit.Native;
using WeightInit.Tests.TestDoubles;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Native;

/// <summary>
/// libtorch 2.10's oneDNN float32 convolution backward returns wrong input gradients for channel counts that are not
/// multiples of 16 (and NaN for 8 channels, from its uncleared padding). Run these with <c>WEIGHTINIT_ONEDNN=1</c> to
/// see them fail: the bootstrap then leaves oneDNN on.
/// </summary>
public class OneDnnConvolutionTests
{
    public OneDnnConvolutionTests() => TorchThreads.UseOne();

    [Fact]
    public void The_bootstrap_switches_onednn_off_on_linux_x64_and_says_why()
    {
        TorchSharpNative.TryEnsureLoaded();
        var status = TorchSharpNative.OneDnn!;
        if (Environment.GetEnvironmentVariable(OneDnnConvolution.KeepVariable) == "1")
        {
            status.State.Should().Be(OneDnnState.KeptByUser);
            return;
        }

        status.State.Should().Be(OneDnnState.Disabled, status.Message);
        status.Message.Should().Contain("multiples of 16").And.Contain("WEIGHTINIT_ONEDNN=1");
    }

    /// <summary>
    /// Two 3×3 convolutions with tanh, summed; the float32 gradient of the first convolution's weights (which flows
    /// through the second one's input gradient) against the same computation in float64. Tolerance: relative 1e-4 of the
    /// gradient's L1 norm; float32 rounding over the ~600-term sums here is about 1e-6 relative, and the oneDNN errors
    /// measured were 0.3 %–21 % or NaN.
    /// </summary>
    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 8)]
    [InlineData(3, 3)]
    [InlineData(2, 20)]
    [InlineData(16, 16)]
    public void Convolution_input_gradients_match_float64_for_any_channel_count(int inputs, int channels)
    {
        double float32 = FirstLayerGradientNorm(inputs, channels, ScalarType.Float32);
        double float64 = FirstLayerGradientNorm(inputs, channels, ScalarType.Float64);

        double.IsFinite(float32).Should().BeTrue($"{inputs}→{channels}→{channels} channels gave |∂L/∂W₀| = {float32}");
        float32.Should().BeApproximately(float64, 1e-4 * float64, $"{inputs}→{channels}→{channels} channels");
    }

    private static double FirstLayerGradientNorm(int inputs, int channels, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(7);
        var x = randn([64, inputs, 8, 8], generator: g).to(dtype);
        var w0 = (randn([channels, inputs, 3, 3], generator: g) * 0.3).to(dtype).requires_grad_(true);
        var w1 = (randn([channels, channels, 3, 3], generator: g) * 0.3).to(dtype).requires_grad_(true);
        var h0 = nn.functional.conv2d(x, w0, padding: [1, 1]).tanh();
        var h1 = nn.functional.conv2d(h0, w1, padding: [1, 1]).tanh();
        h1.mean([2, 3]).sum().backward();
        return w0.grad!.abs().sum().to(ScalarType.Float64).item<double>();
    }
}
