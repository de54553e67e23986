using WeightInit.Data;

namespace WeightInit.Tests.Data;

public sealed class SourceChainTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeDataset fake = FakeDataset.Create();

    public void Dispose() => temp.Dispose();

    private string Cache => temp.Combine("cache");

    [Fact]
    public async Task An_explicit_directory_of_gzip_files_is_used_in_place_and_never_written()
    {
        fake.WriteGzip(temp.Combine("given"));

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache) with { Directory = temp.Combine("given") });

        files.Source.Should().Be(DatasetSourceKind.Directory);
        files.TrainImages.Should().Be(temp.Combine("given", "train-images-idx3-ubyte.gz"));
        Directory.GetFiles(temp.Combine("given")).Should().HaveCount(4);
        Directory.Exists(Cache).Should().BeFalse();
    }

    [Fact]
    public async Task A_directory_in_torchvision_layout_is_found()
    {
        fake.WritePlain(temp.Combine("root", "FAKE", "raw"));

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache) with { Directory = temp.Combine("root") });

        files.TestLabels.Should().Be(temp.Combine("root", "FAKE", "raw", "t10k-labels-idx1-ubyte"));
    }

    [Fact]
    public async Task A_corrupt_file_in_the_directory_is_reported_and_the_next_source_is_tried()
    {
        fake.WritePlain(temp.Combine("given"));
        File.WriteAllBytes(temp.Combine("given", "train-labels-idx1-ubyte"), Idx.Build([12], new byte[12]));
        fake.WritePlain(Cache);

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache) with { Directory = temp.Combine("given") });

        files.Source.Should().Be(DatasetSourceKind.Cache);
    }

    [Fact]
    public async Task Files_installed_by_an_operating_system_package_are_used_in_place()
    {
        fake.WriteGzip(temp.Combine("usr-share"));
        DatasetOptions options = fake.IsolatedOptions(Cache) with { UseSystemPackages = true };
        options = options with { Dataset = options.Dataset with { SystemDirectories = [temp.Combine("absent"), temp.Combine("usr-share")] } };

        DatasetFiles files = await MnistDatasets.FetchAsync(options);

        files.Source.Should().Be(DatasetSourceKind.SystemPackage);
        files.SourceDescription.Should().Be(temp.Combine("usr-share"));
    }

    [Fact]
    public async Task When_no_source_works_the_error_lists_what_each_source_said()
    {
        fake.WritePlain(temp.Combine("given"));
        File.Delete(temp.Combine("given", "t10k-images-idx3-ubyte"));
        DatasetOptions options = fake.IsolatedOptions(Cache) with { Directory = temp.Combine("given") };

        var act = () => MnistDatasets.FetchAsync(options);

        var error = (await act.Should().ThrowAsync<DatasetUnavailableException>()).Which;
        error.Attempts.Select(a => a.Source).Should().Equal(
            DatasetSourceKind.Directory, DatasetSourceKind.Cache, DatasetSourceKind.SystemPackage, DatasetSourceKind.Mirror, DatasetSourceKind.Npm);
        error.Message.Should().StartWith("data set 'fake' could not be obtained from any source:")
            .And.Contain("Directory: t10k-images-idx3-ubyte (plain or .gz) not found in")
            .And.Contain($"Cache: cache folder '{Cache}' does not exist yet")
            .And.Contain("SystemPackage: skipped: switched off")
            .And.Contain("Mirror: skipped: switched off")
            .And.Contain("Npm: skipped: switched off")
            .And.Contain("WEIGHTINIT_DATA_DIR");
    }

    [Fact]
    public async Task Load_returns_both_splits_with_the_chosen_scaling()
    {
        fake.WritePlain(Cache);

        using TrainTestData data = await MnistDatasets.LoadAsync(fake.IsolatedOptions(Cache) with { Scaling = PixelScaling.Raw });

        data.Train.Count.Should().Be(FakeDataset.TrainCount);
        data.Test.Count.Should().Be(FakeDataset.TestCount);
        data.Train.Name.Should().Be("fake/train");
        data.Test.Scaling.Should().Be(PixelScaling.Raw);
        data.Files.Source.Should().Be(DatasetSourceKind.Cache);
    }

    [Fact]
    public void The_default_cache_folder_follows_WEIGHTINIT_DATA_DIR_and_the_option_overrides_both()
    {
        string? saved = Environment.GetEnvironmentVariable(DatasetOptions.DataDirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(DatasetOptions.DataDirectoryVariable, temp.Combine("data"));
            new DatasetOptions().ResolveCacheDirectory().Should().Be(temp.Combine("data", "mnist"));
            new DatasetOptions { Dataset = DatasetDescriptor.FashionMnist }.ResolveCacheDirectory().Should().Be(temp.Combine("data", "fashion-mnist"));
            new DatasetOptions { CacheDirectory = temp.Combine("mine") }.ResolveCacheDirectory().Should().Be(temp.Combine("mine"));

            Environment.SetEnvironmentVariable(DatasetOptions.DataDirectoryVariable, null);
            new DatasetOptions().ResolveCacheDirectory().Should().EndWith(Path.Combine("weightinit", "datasets", "mnist"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DatasetOptions.DataDirectoryVariable, saved);
        }
    }

    [Theory]
    [InlineData("mnist", "mnist")]
    [InlineData("Fashion-MNIST", "fashion-mnist")]
    public void Built_in_data_sets_are_found_by_name(string name, string expected) =>
        DatasetDescriptor.FromName(name).Name.Should().Be(expected);

    [Fact]
    public void An_unknown_data_set_name_is_refused_listing_the_known_ones()
    {
        var act = () => DatasetDescriptor.FromName("cifar10");

        act.Should().Throw<ArgumentException>().WithMessage("unknown data set 'cifar10'; expected 'mnist' or 'fashion-mnist'*");
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_before_any_source_is_tried()
    {
        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache) with { HttpAttempts = 0 });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("HttpAttempts must be at least 1; got 0*");
    }
}
