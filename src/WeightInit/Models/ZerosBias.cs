using WeightInit.Initializers;
using static TorchSharp.torch;

namespace WeightInit.Models;

/// <summary>The default bias initializer: every bias starts at exactly 0 (as the documents' <c>m.bias.data.zero_()</c>).</summary>
internal sealed class ZerosBias : IInitializer
{
    public static ZerosBias Instance { get; } = new();

    public string Name => "zeros";

    public double? TargetStd(IReadOnlyList<long> shape, Fan? fan) => 0.0;

    public void Fill(Tensor tensor, Generator generator, Fan? fan = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (no_grad())
        {
            tensor.zero_();
        }
    }
}
