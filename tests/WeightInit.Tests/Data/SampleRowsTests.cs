using FluentAssertions;
using TorchSharp;
using WeightInit.Tests.TestDoubles;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Data;

public class SampleRowsTests
{
    [Fact]
    public void A_probe_batch_is_the_head_of_one_permutation_from_the_generator_with_matching_labels()
    {
        using var data = SyntheticData.Create(count: 50, features: 6, classes: 3);
        using var a = new Generator(9);
        using var b = new Generator(9);
        using var expected = randperm(50, generator: b).narrow(0, 0, 20);

        var (x, y) = data.SampleRows(20, a);

        using (x)
        using (y)
        {
            x.eq(data.Features.index_select(0, expected)).all().item<bool>().Should().BeTrue();
            y.eq(data.Labels.index_select(0, expected)).all().item<bool>().Should().BeTrue();
        }
    }

    [Fact]
    public void A_batch_larger_than_the_data_takes_every_row_once_and_an_empty_one_is_refused()
    {
        using var data = SyntheticData.Create(count: 12, features: 4, classes: 2);
        using var g = new Generator(1);
        using var rows = data.SampleRowIndices(100, g);
        rows.sort().Values.data<long>().ToArray().Should().Equal(Enumerable.Range(0, 12).Select(i => (long)i));

        var act = () => data.SampleRowIndices(0, g);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*at least 1 row; got 0*");
    }
}
