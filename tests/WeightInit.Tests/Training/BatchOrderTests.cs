using WeightInit.Reproducibility;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

/// <summary>The trainer's batch orders: the default one is plain <c>randperm(n, generator)</c>; the PyTorch one follows <see cref="PyTorchStream"/>.</summary>
public sealed class BatchOrderTests
{
    [Fact]
    public void Randperm_order_is_randperm_of_its_generator_epoch_after_epoch()
    {
        using var a = new Generator(7);
        using var b = new Generator(7);
        var order = BatchOrder.Randperm(a);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            using var ours = order.NextEpoch(50);
            using var plain = randperm(50, generator: b);
            ours.data<long>().ToArray().Should().Equal(plain.data<long>().ToArray());
        }
    }

    [Fact]
    public void PyTorch_order_draws_two_numbers_from_the_shared_generator_per_epoch_and_leaves_the_rest_alone()
    {
        using var a = new Generator(42);
        using var b = new Generator(42);
        using var first = BatchOrder.PyTorchDataLoader(a).NextEpoch(1000);
        PyTorchStream.RandomInt64(b);
        using var sampler = new Generator((ulong)PyTorchStream.RandomInt64(b));
        using var expected = randperm(1000, generator: sampler);

        first.data<long>().ToArray().Should().Equal(expected.data<long>().ToArray());
        PyTorchStream.RandomInt64(a).Should().Be(PyTorchStream.RandomInt64(b), "the shared generator advanced by exactly two 64-bit draws");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void An_epoch_of_no_rows_is_refused_with_the_count(long count)
    {
        using var g = new Generator(1);
        var act = () => BatchOrder.PyTorchDataLoader(g).NextEpoch(count);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count").And.Message.Should().Contain(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
