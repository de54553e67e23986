using TorchSharp;
using WeightInit.Data;

namespace WeightInit.Tests.Data;

public sealed class LoadSplitTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_split_becomes_float32_features_of_rows_times_cols_and_int64_labels()
    {
        var fake = FakeDataset.Create();
        fake.WritePlain(temp.Path);

        using LabeledDataset split = Load(PixelScaling.Raw);

        split.Features.dtype.Should().Be(torch.ScalarType.Float32);
        split.Features.shape.Should().Equal(FakeDataset.TrainCount, FakeDataset.Rows * FakeDataset.Cols);
        split.Labels.dtype.Should().Be(torch.ScalarType.Int64);
        split.Labels.data<long>().ToArray().Should().Equal(fake.Plain["train-labels-idx1-ubyte"][8..].Select(b => (long)b));
        split.Features.data<float>().ToArray().Should().Equal(fake.Plain["train-images-idx3-ubyte"][16..].Select(b => (float)b));
        (split.ImageHeight, split.ImageWidth).Should().Be((FakeDataset.Rows, FakeDataset.Cols));
    }

    [Theory]
    [InlineData(PixelScaling.UnitInterval, 0f, 0.2f, 1f)]
    [InlineData(PixelScaling.Raw, 0f, 51f, 255f)]
    [InlineData(PixelScaling.HalfShifted, 0.5f, 0.6f, 1f)]
    [InlineData(PixelScaling.Standardized, -0.1307f / 0.3081f, (0.2f - 0.1307f) / 0.3081f, (1f - 0.1307f) / 0.3081f)]
    public void Pixel_scaling_is_the_explicit_choice_made_when_loading(PixelScaling scaling, float at0, float at51, float at255)
    {
        File.WriteAllBytes(temp.Combine("images"), Idx.Build([1, 1, 3], [0, 51, 255]));
        File.WriteAllBytes(temp.Combine("labels"), Idx.Build([1], [7]));

        using LabeledDataset split = MnistDatasets.LoadSplit("t", temp.Combine("images"), temp.Combine("labels"), 10, scaling);

        // float32 arithmetic in torchvision's order; 1e-6 covers the last-bit difference of a fused multiply-add.
        split.Features.data<float>().ToArray().Should().Equal([at0, at51, at255], (a, b) => Math.Abs(a - b) <= 1e-6f);
        split.Scaling.Should().Be(scaling);
    }

    [Fact]
    public void Images_and_labels_with_different_counts_are_refused_naming_both_files()
    {
        File.WriteAllBytes(temp.Combine("images"), Idx.Build([3, 2, 2], new byte[12]));
        File.WriteAllBytes(temp.Combine("labels"), Idx.Build([2], [1, 2]));

        var act = () => MnistDatasets.LoadSplit("t", temp.Combine("images"), temp.Combine("labels"), 10, PixelScaling.UnitInterval);

        act.Should().Throw<IdxFormatException>()
            .Where(e => e.FilePath == temp.Combine("labels"))
            .WithMessage($"*holds 2 labels but '{temp.Combine("images")}' holds 3 images*");
    }

    [Fact]
    public void A_label_outside_the_classes_is_refused_with_its_index()
    {
        File.WriteAllBytes(temp.Combine("images"), Idx.Build([2, 1, 1], [0, 0]));
        File.WriteAllBytes(temp.Combine("labels"), Idx.Build([2], [3, 12]));

        var act = () => MnistDatasets.LoadSplit("t", temp.Combine("images"), temp.Combine("labels"), 10, PixelScaling.UnitInterval);

        act.Should().Throw<IdxFormatException>().WithMessage("*label 12 at index 1 is outside [0, 10)*");
    }

    [Fact]
    public void Images_without_three_dimensions_are_refused()
    {
        File.WriteAllBytes(temp.Combine("images"), Idx.Build([2, 4], new byte[8]));
        File.WriteAllBytes(temp.Combine("labels"), Idx.Build([2], [1, 2]));

        var act = () => MnistDatasets.LoadSplit("t", temp.Combine("images"), temp.Combine("labels"), 10, PixelScaling.UnitInterval);

        act.Should().Throw<IdxFormatException>().WithMessage("*images must have 3 dimensions [N, rows, cols]; got [2, 4]*");
    }

    [Fact]
    public void Take_copies_the_first_examples_into_a_separate_data_set()
    {
        FakeDataset.Create().WritePlain(temp.Path);
        using LabeledDataset split = Load(PixelScaling.Raw);

        using LabeledDataset first = split.Take(5);

        first.Count.Should().Be(5);
        first.Labels.data<long>().ToArray().Should().Equal(split.Labels.data<long>().ToArray()[..5]);
        first.Features.data<float>().ToArray().Should().Equal(split.Features.data<float>().ToArray()[..(5 * 16)]);
        var tooMany = () => split.Take(split.Count + 1);
        tooMany.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 12]*");
    }

    private LabeledDataset Load(PixelScaling scaling) =>
        MnistDatasets.LoadSplit("fake/train", temp.Combine("train-images-idx3-ubyte"), temp.Combine("train-labels-idx1-ubyte"), 10, scaling);
}
