using static TorchSharp.torch;

namespace WeightInit.Data;

/// <summary>
/// A labelled image data set held in memory as two tensors: <see cref="Features"/> <c>[N, D]</c> float32
/// (images flattened row-major, scaled as <see cref="Scaling"/> says) and <see cref="Labels"/> <c>[N]</c> int64.
/// Owns its tensors: dispose it to free native memory.
/// </summary>
public sealed class LabeledDataset : IDisposable
{
    /// <summary>Wraps two tensors; takes ownership of them.</summary>
    /// <exception cref="ArgumentException">Shapes or element types do not fit the description above.</exception>
    public LabeledDataset(string name, Tensor features, Tensor labels, int classes, PixelScaling scaling, int imageHeight = 28, int imageWidth = 28)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() != 2 || features.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"features must be a 2-D float32 tensor [N, D]; got {features.dtype} [{string.Join(", ", features.shape)}]", nameof(features));
        }

        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64 || labels.shape[0] != features.shape[0])
        {
            throw new ArgumentException($"labels must be a 1-D int64 tensor with {features.shape[0]} entries; got {labels.dtype} [{string.Join(", ", labels.shape)}]", nameof(labels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Name = name;
        Features = features;
        Labels = labels;
        Classes = classes;
        Scaling = scaling;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
    }

    /// <summary>A label for reports, e.g. <c>mnist/train</c>.</summary>
    public string Name { get; }

    /// <summary><c>[N, D]</c> float32.</summary>
    public Tensor Features { get; }

    /// <summary><c>[N]</c> int64 class indices in <c>[0, Classes)</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>How pixel values were scaled.</summary>
    public PixelScaling Scaling { get; }

    /// <summary>Image height in pixels (for drawing samples).</summary>
    public int ImageHeight { get; }

    /// <summary>Image width in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>Number of examples.</summary>
    public long Count => Features.shape[0];

    /// <summary>Number of features per example.</summary>
    public long FeatureCount => Features.shape[1];

    /// <summary>
    /// A new data set holding copies of the first <paramref name="count"/> examples (for quick runs and tests);
    /// this one is left unchanged and both must be disposed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or larger than <see cref="Count"/>.</exception>
    public LabeledDataset Take(long count)
    {
        if (count < 0 || count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must lie in [0, {Count}]");
        }

        return new LabeledDataset($"{Name}[..{count}]", Features.narrow(0, 0, count).clone(), Labels.narrow(0, 0, count).clone(), Classes, Scaling, ImageHeight, ImageWidth);
    }

    /// <summary>
    /// The rows of a probe batch: the first <c>min(count, Count)</c> entries of <c>randperm(Count, generator)</c>. Every
    /// probe batch in WeightInit and its tool is drawn this way, so one generator state gives the same images everywhere.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public Tensor SampleRowIndices(long count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a probe batch needs at least 1 row; got {count}");
        }

        using var scope = NewDisposeScope();
        return randperm(Count, generator: generator).narrow(0, 0, Math.Min(count, Count)).MoveToOuterDisposeScope();
    }

    /// <summary>Features <c>[n, D]</c> and labels <c>[n]</c> of the rows <see cref="SampleRowIndices"/> draws.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public (Tensor Features, Tensor Labels) SampleRows(long count, Generator generator)
    {
        using var scope = NewDisposeScope();
        var rows = SampleRowIndices(count, generator);
        return (Features.index_select(0, rows).MoveToOuterDisposeScope(), Labels.index_select(0, rows).MoveToOuterDisposeScope());
    }

    /// <summary>Frees the native tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}

/// <summary>How raw 0–255 pixel bytes become features.</summary>
public enum PixelScaling
{
    /// <summary><c>x / 255</c> in [0, 1], as torchvision's <c>ToTensor()</c> does. The documents' printed numbers come from this.</summary>
    UnitInterval,

    /// <summary>Raw bytes as floats in [0, 255] (the documents' Q5.3 code: <c>ToTensor()</c> then <c>× 255</c>).</summary>
    Raw,

    /// <summary><c>x/255 · 0.5 + 0.5</c> in [0.5, 1] (the documents' Q5.4 code, literally).</summary>
    HalfShifted,

    /// <summary>Standardized with the MNIST training-set mean 0.1307 and std 0.3081 (the usual PyTorch example values).</summary>
    Standardized,
}
