using WeightInit.Tests.TestDoubles;
using WeightInit.Data;

namespace WeightInit.Tests.Data;

/// <summary>The HTTP path, against a real server on 127.0.0.1 serving files the test makes.</summary>
public sealed class MirrorSourceTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeDataset fake = FakeDataset.Create();

    public void Dispose() => temp.Dispose();

    private string Cache => temp.Combine("cache");

    [Fact]
    public async Task A_mirror_download_is_verified_decompressed_and_installed_in_the_cache()
    {
        await using var server = LocalHttpServer.Serving(fake.Gzip);
        var progress = new RecordingProgress();

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]), progress);

        files.Source.Should().Be(DatasetSourceKind.Mirror);
        files.SourceDescription.Should().Contain(server.BaseUrl.ToString());
        files.TrainImages.Should().Be(Path.Combine(Cache, "train-images-idx3-ubyte"));
        foreach (string path in files.Paths)
        {
            File.ReadAllBytes(path).Should().Equal(fake.Plain[Path.GetFileName(path)]);
        }

        TempFolder.FilesUnder(Cache).Should().HaveCount(4, "no temporary file may be left behind");
        progress.Lines.Should().Contain(line => line.Contains("verified train-images-idx3-ubyte"));
    }

    [Fact]
    public async Task A_second_fetch_is_served_from_the_cache_without_any_request()
    {
        await using var server = LocalHttpServer.Serving(fake.Gzip);
        DatasetOptions options = fake.IsolatedOptions(Cache, [server.BaseUrl]);
        await MnistDatasets.FetchAsync(options);
        int requests = server.TotalRequests;

        DatasetFiles again = await MnistDatasets.FetchAsync(options);

        again.Source.Should().Be(DatasetSourceKind.Cache);
        server.TotalRequests.Should().Be(requests).And.Be(4);
    }

    [Fact]
    public async Task A_404_is_reported_with_its_status_and_leaves_the_cache_empty()
    {
        await using var server = new LocalHttpServer((_, _) => Reply.Status(404));

        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]) with { HttpAttempts = 3 });

        (await act.Should().ThrowAsync<DatasetUnavailableException>())
            .Which.Attempts.Should().ContainSingle(a => a.Source == DatasetSourceKind.Mirror)
            .Which.Outcome.Should().Contain("HTTP 404").And.Contain("train-images-idx3-ubyte.gz");
        server.TotalRequests.Should().Be(1, "a 404 is permanent and is not retried");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_with_the_wrong_checksum_is_refused_and_leaves_the_cache_empty()
    {
        var other = FakeDataset.Create(seed: 2);
        await using var server = LocalHttpServer.Serving(other.Gzip);

        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]));

        (await act.Should().ThrowAsync<DatasetUnavailableException>())
            .WithMessage($"*has MD5 {Idx.Md5(other.Gzip["train-images-idx3-ubyte.gz"])}, expected {Idx.Md5(fake.Gzip["train-images-idx3-ubyte.gz"])}*");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task A_gzip_with_the_right_outer_checksum_but_wrong_content_is_refused()
    {
        // A descriptor that publishes no .gz MD5 relies on the uncompressed one alone.
        var other = FakeDataset.Create(seed: 3);
        await using var server = LocalHttpServer.Serving(other.Gzip);
        DatasetOptions options = fake.IsolatedOptions(Cache, [server.BaseUrl]);
        DatasetDescriptor noGzipMd5 = options.Dataset with { TrainImages = options.Dataset.TrainImages with { GzipMd5 = null } };

        var act = () => MnistDatasets.FetchAsync(options with { Dataset = noGzipMd5 });

        (await act.Should().ThrowAsync<DatasetUnavailableException>()).WithMessage("*(decompressed)' has MD5*");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_cut_short_is_reported_and_leaves_the_cache_empty()
    {
        byte[] body = fake.Gzip["train-images-idx3-ubyte.gz"];
        await using var server = new LocalHttpServer((_, _) => Reply.CutShort(body, body.Length / 2));

        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]) with { HttpAttempts = 2 });

        (await act.Should().ThrowAsync<DatasetUnavailableException>())
            .WithMessage($"*the body ended after {body.Length / 2:N0} of {body.Length:N0} bytes*");
        server.TotalRequests.Should().Be(2, "a dropped connection is transient and retried");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task A_server_that_never_answers_hits_the_timeout_and_leaves_the_cache_empty()
    {
        await using var server = new LocalHttpServer((_, _) => Reply.Stall());

        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]) with { HttpTimeout = TimeSpan.FromMilliseconds(300) });

        (await act.Should().ThrowAsync<DatasetUnavailableException>()).WithMessage("*no response within 0.3 s (timeout)*");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task A_server_that_stalls_mid_body_hits_the_timeout_and_leaves_the_cache_empty()
    {
        await using var server = new LocalHttpServer((_, _) => Reply.Stall(startOfBody: new byte[100]));

        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]) with { HttpTimeout = TimeSpan.FromMilliseconds(300) });

        (await act.Should().ThrowAsync<DatasetUnavailableException>()).WithMessage("*sent nothing for 0.3 s after 100 bytes (timeout)*");
        TempFolder.FilesUnder(Cache).Should().BeEmpty();
    }

    [Fact]
    public async Task A_transient_server_error_is_retried_until_the_download_succeeds()
    {
        await using var server = new LocalHttpServer((name, n) => n == 1 ? Reply.Status(503) : Reply.Ok(fake.Gzip[name]));

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [server.BaseUrl]) with { HttpAttempts = 2 });

        files.Source.Should().Be(DatasetSourceKind.Mirror);
        server.TotalRequests.Should().Be(8, "each of the four files failed once with 503, then succeeded");
    }

    [Fact]
    public async Task When_the_first_mirror_fails_the_next_one_supplies_the_file()
    {
        await using var broken = new LocalHttpServer((_, _) => Reply.Status(404));
        await using var good = LocalHttpServer.Serving(fake.Gzip);

        DatasetFiles files = await MnistDatasets.FetchAsync(fake.IsolatedOptions(Cache, [broken.BaseUrl, good.BaseUrl]));

        files.Source.Should().Be(DatasetSourceKind.Mirror);
        (broken.TotalRequests, good.TotalRequests).Should().Be((4, 4));
    }

    [Fact]
    public async Task A_mirror_that_timed_out_is_not_asked_for_the_remaining_files()
    {
        await using var silent = new LocalHttpServer((_, _) => Reply.Stall());
        await using var good = LocalHttpServer.Serving(fake.Gzip);
        // The idle timeout also covers the good mirror, so it must be long enough for a loaded CI machine to answer
        // a local request; the silent mirror costs one timeout, once.
        DatasetOptions options = fake.IsolatedOptions(Cache, [silent.BaseUrl, good.BaseUrl]) with { HttpTimeout = TimeSpan.FromSeconds(2) };

        DatasetFiles files = await MnistDatasets.FetchAsync(options);

        files.Source.Should().Be(DatasetSourceKind.Mirror);
        (silent.TotalRequests, good.TotalRequests).Should().Be((1, 4));
    }

    [Fact]
    public async Task Two_concurrent_fetches_into_one_cache_both_end_with_valid_files()
    {
        // The delay makes the two downloads of each file overlap, so both write temp files and rename at once.
        await using var server = LocalHttpServer.Serving(fake.Gzip, delay: TimeSpan.FromMilliseconds(50));
        DatasetOptions options = fake.IsolatedOptions(Cache, [server.BaseUrl]);

        DatasetFiles[] results = await Task.WhenAll(
            Task.Run(() => MnistDatasets.FetchAsync(options)),
            Task.Run(() => MnistDatasets.FetchAsync(options)));

        foreach (DatasetFiles files in results)
        {
            foreach (string path in files.Paths)
            {
                File.ReadAllBytes(path).Should().Equal(fake.Plain[Path.GetFileName(path)]);
            }
        }

        TempFolder.FilesUnder(Cache).Should().HaveCount(4);
    }
}
