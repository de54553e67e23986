using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using WeightInit.Internal;

namespace WeightInit.Data.Sources;

/// <summary>
/// Downloads the gzip files from HTTP mirrors into the cache. Each body goes to a temporary file and is
/// checked against the published <c>.gz</c> MD5; its decompressed content goes to a second temporary file,
/// is checked against the uncompressed MD5 and only then renamed into place (<see cref="AtomicFile"/>).
/// Files the cache already holds verified are not downloaded again.
/// </summary>
internal sealed class MirrorSource : IDatasetSource
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public DatasetSourceKind Kind => DatasetSourceKind.Mirror;

    public async Task<DatasetFiles> ProvideAsync(FetchContext context, CancellationToken cancellationToken)
    {
        DatasetOptions options = context.Options;
        IReadOnlyList<Uri> mirrors = options.Mirrors ?? context.Dataset.Mirrors;
        if (options.Offline)
        {
            throw new SourceNotApplicableException(FetchContext.OfflineReason);
        }

        if (!options.UseMirrors)
        {
            throw new SourceNotApplicableException("switched off (DatasetOptions.UseMirrors)");
        }

        if (mirrors.Count == 0)
        {
            throw new SourceNotApplicableException("no mirrors configured");
        }

        var downloader = new Downloader(context, options.HttpClient ?? SharedClient.Value);
        var paths = new List<string>();
        foreach (DatasetFile file in context.Dataset.Files)
        {
            paths.Add(LocalFolders.TryFindVerified(context.Dataset, file, context.CacheDirectory)
                ?? await downloader.FetchAsync(file, mirrors, cancellationToken).ConfigureAwait(false));
        }

        return context.Result(Kind, string.Join(", ", mirrors), paths);
    }

    private sealed class Downloader(FetchContext context, HttpClient client)
    {
        private readonly HashSet<Uri> unreachable = [];

        private DatasetOptions Options => context.Options;

        public async Task<string> FetchAsync(DatasetFile file, IReadOnlyList<Uri> mirrors, CancellationToken cancellationToken)
        {
            var failures = new List<Exception>();
            foreach (Uri mirror in mirrors)
            {
                if (unreachable.Contains(mirror))
                {
                    failures.Add(new DatasetDownloadException(new Uri(mirror, file.Name + ".gz"), "skipped: the mirror failed without an HTTP answer for an earlier file"));
                    continue;
                }

                Exception? failure = await TryMirrorAsync(file, mirror, cancellationToken).ConfigureAwait(false);
                if (failure is null)
                {
                    return Path.Combine(context.CacheDirectory, file.Name);
                }

                failures.Add(failure);
            }

            throw new IOException(
                $"{file.Name}.gz could not be fetched from any mirror: {string.Join("; ", failures.Select(f => f.Message))}",
                new AggregateException(failures));
        }

        /// <summary>Up to <see cref="DatasetOptions.HttpAttempts"/> attempts at one mirror; <see langword="null"/> on success, else the last failure.</summary>
        private async Task<Exception?> TryMirrorAsync(DatasetFile file, Uri mirror, CancellationToken cancellationToken)
        {
            var url = new Uri(mirror, file.Name + ".gz");
            TimeSpan delay = Options.RetryDelay;
            for (int attempt = 1; ; attempt++)
            {
                context.Report($"downloading {url} (attempt {attempt} of {Options.HttpAttempts})");
                try
                {
                    await DownloadOnceAsync(file, url, cancellationToken).ConfigureAwait(false);
                    context.Report($"verified {file.Name} (md5 {file.Md5}) from {url}");
                    return null;
                }
                catch (DatasetDownloadException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    context.Report(ex.Message);
                    if (IsNameResolutionFailure(ex))
                    {
                        // Not retried: without name resolution a retry seconds later fails the same way.
                        context.NameResolutionFailed = true;
                        unreachable.Add(mirror);
                        return ex;
                    }

                    if (!IsTransient(ex) || attempt >= Options.HttpAttempts)
                    {
                        if (ex.StatusCode is null)
                        {
                            // It never answered properly (timeouts, dropped connections): do not make every later file wait for it too.
                            unreachable.Add(mirror);
                        }

                        return ex;
                    }
                }
                catch (Exception ex) when (ex is ChecksumMismatchException or InvalidDataException && !cancellationToken.IsCancellationRequested)
                {
                    // A checksum mismatch or corrupt gzip: the mirror serves something else; retrying it will not help.
                    context.Report(ex.Message);
                    return ex;
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        private async Task DownloadOnceAsync(DatasetFile file, Uri url, CancellationToken cancellationToken)
        {
            string finalPath = Path.Combine(context.CacheDirectory, file.Name);
            string gzipTemp = AtomicFile.TempPathFor(finalPath + ".gz");
            try
            {
                string gzipMd5 = await DownloadToFileAsync(url, gzipTemp, cancellationToken).ConfigureAwait(false);
                if (file.GzipMd5 is { } expectedGzip && gzipMd5 != expectedGzip)
                {
                    throw new ChecksumMismatchException(url.ToString(), expectedGzip, gzipMd5);
                }

                AtomicFile.Write(finalPath, output => Decompress(gzipTemp, output, url, file));
            }
            finally
            {
                File.Delete(gzipTemp);
            }
        }

        private static void Decompress(string gzipPath, Stream output, Uri url, DatasetFile file)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using (var input = File.OpenRead(gzipPath))
            using (var gzip = new GZipStream(input, CompressionMode.Decompress))
            {
                byte[] buffer = new byte[1 << 16];
                int read;
                try
                {
                    while ((read = gzip.Read(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        output.Write(buffer, 0, read);
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"'{url}' is not valid gzip data ({ex.Message}); it was discarded", ex);
                }
            }

            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != file.Md5)
            {
                throw new ChecksumMismatchException($"{url} (decompressed)", file.Md5, actual);
            }
        }

        /// <summary>Streams the body of <paramref name="url"/> into <paramref name="path"/>; returns its MD5.</summary>
        private async Task<string> DownloadToFileAsync(Uri url, string path, CancellationToken cancellationToken)
        {
            TimeSpan timeout = Options.HttpTimeout;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DatasetDownloadException(url, $"no response within {timeout.TotalSeconds:0.###} s (timeout)", innerException: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new DatasetDownloadException(url, $"{ex.HttpRequestError}: {ex.Message}", innerException: ex);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new DatasetDownloadException(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
                }

                long? expectedLength = response.Content.Headers.ContentLength;
                if (expectedLength > Options.MaxDownloadBytes)
                {
                    throw new DatasetDownloadException(url, $"the server announces {expectedLength:N0} bytes, more than the {Options.MaxDownloadBytes:N0} accepted (DatasetOptions.MaxDownloadBytes)");
                }

                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                long received = 0;
                await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        byte[] buffer = new byte[1 << 16];
                        while (true)
                        {
                            int read;
                            timer.CancelAfter(timeout);
                            try
                            {
                                read = await body.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                            {
                                throw new DatasetDownloadException(url, $"the server sent nothing for {timeout.TotalSeconds:0.###} s after {received:N0} bytes (timeout)", innerException: ex);
                            }
                            catch (IOException ex)
                            {
                                string of = expectedLength is { } total ? $" of {total:N0}" : "";
                                throw new DatasetDownloadException(url, $"the body ended after {received:N0}{of} bytes ({ex.Message})", innerException: ex);
                            }

                            if (read == 0)
                            {
                                break;
                            }

                            received += read;
                            if (received > Options.MaxDownloadBytes)
                            {
                                throw new DatasetDownloadException(url, $"the body exceeds the {Options.MaxDownloadBytes:N0} bytes accepted (DatasetOptions.MaxDownloadBytes)");
                            }

                            hash.AppendData(buffer, 0, read);
                            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                if (expectedLength is { } length && received != length)
                {
                    throw new DatasetDownloadException(url, $"the body ended after {received:N0} of {length:N0} bytes");
                }

                return Convert.ToHexStringLower(hash.GetHashAndReset());
            }
        }

        private static bool IsNameResolutionFailure(DatasetDownloadException ex) =>
            ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };

        private static bool IsTransient(DatasetDownloadException ex) => ex.StatusCode switch
        {
            null => true,
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => true,
            { } status => (int)status >= 500,
        };
    }
}
