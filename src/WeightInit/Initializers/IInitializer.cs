using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Initializers;

/// <summary>
/// Fills a tensor in place from an explicit random-number generator. Implementations never read or
/// advance the global RNG: the same <see cref="Generator"/> state gives bit-identical tensors, and
/// different generators may be used from different threads at once.
/// </summary>
public interface IInitializer
{
    /// <summary>A short, stable name with the parameters that matter, e.g. <c>xavier_normal(gain=1)</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Overwrites <paramref name="tensor"/> (any rank ≥ 1) in place under <c>torch.no_grad()</c>.
    /// </summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <param name="fan">
    /// The fans to use. <see langword="null"/> derives them from <paramref name="tensor"/>'s shape with
    /// PyTorch's layout (<c>[out, in, k…]</c>, see <see cref="Fan.FromWeight(long[])"/>) when the
    /// initializer needs them; pass <see cref="Fan.FromInOut(long, long)"/> for matrices stored
    /// <c>[fan_in, fan_out]</c>, or the layer's weight fans when filling a bias.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="tensor"/> is not floating-point, has a dimension of size 0 (nothing to fill), or has a shape the
    /// initializer does not accept; the message repeats the shape.
    /// </exception>
    void Fill(Tensor tensor, Generator generator, Fan? fan = null);

    /// <summary>
    /// The standard deviation the values of a tensor of <paramref name="shape"/> are drawn with, given the fans
    /// <see cref="Fill"/> would receive (<see langword="null"/> = derived from the shape as there); <see langword="null"/>
    /// when the initializer states none in closed form (the default). Plans (<see cref="Models.InitializationPlan"/>) print it
    /// beside the measured standard deviation.
    /// </summary>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="fan">The fans, as for <see cref="Fill"/>.</param>
    double? TargetStd(IReadOnlyList<long> shape, Fan? fan) => null;
}
