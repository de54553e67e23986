using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WeightInit.Tests.Data;

/// <summary>How the test server answers one request.</summary>
internal abstract record Reply
{
    /// <summary>200 with the whole body.</summary>
    public static Reply Ok(byte[] body, TimeSpan? delay = null) => new OkReply(body, delay ?? TimeSpan.Zero);

    /// <summary>An error status with a short text body.</summary>
    public static Reply Status(int code) => new StatusReply(code);

    /// <summary>200 announcing the full <c>Content-Length</c>, then only the first <paramref name="sent"/> bytes, then the connection closes.</summary>
    public static Reply CutShort(byte[] body, int sent) => new CutShortReply(body, sent);

    /// <summary>Accepts the request, then says nothing (or sends headers and a few bytes, then nothing) until the server stops.</summary>
    public static Reply Stall(byte[]? startOfBody = null) => new StallReply(startOfBody);

    internal abstract Task WriteAsync(Stream stream, CancellationToken cancellationToken);

    protected static Task WriteHeadAsync(Stream stream, int code, long length, CancellationToken cancellationToken)
    {
        string head = $"HTTP/1.1 {code} {(code == 200 ? "OK" : "Error")}\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n";
        return stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).AsTask();
    }

    private sealed record OkReply(byte[] Body, TimeSpan Delay) : Reply
    {
        internal override async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
        {
            await Task.Delay(Delay, cancellationToken);
            await WriteHeadAsync(stream, 200, Body.Length, cancellationToken);
            await stream.WriteAsync(Body, cancellationToken);
        }
    }

    private sealed record StatusReply(int Code) : Reply
    {
        internal override async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
        {
            byte[] body = Encoding.ASCII.GetBytes($"status {Code}\n");
            await WriteHeadAsync(stream, Code, body.Length, cancellationToken);
            await stream.WriteAsync(body, cancellationToken);
        }
    }

    private sealed record CutShortReply(byte[] Body, int Sent) : Reply
    {
        internal override async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
        {
            await WriteHeadAsync(stream, 200, Body.Length, cancellationToken);
            await stream.WriteAsync(Body.AsMemory(0, Sent), cancellationToken);
        }
    }

    private sealed record StallReply(byte[]? StartOfBody) : Reply
    {
        internal override async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
        {
            if (StartOfBody is not null)
            {
                await WriteHeadAsync(stream, 200, StartOfBody.Length + 1_000_000, cancellationToken);
                await stream.WriteAsync(StartOfBody, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, built on a bare <see cref="TcpListener"/> so
/// that it can misbehave exactly as a test asks (cut a body short, stall). <c>route(fileName, n)</c> chooses
/// the reply to the n-th request (1-based) for that file; every connection is closed after one response.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<string, int, Reply> route;
    private readonly Dictionary<string, int> counts = [];
    private readonly List<Task> connections = [];
    private readonly Task acceptLoop;

    public LocalHttpServer(Func<string, int, Reply> route)
    {
        this.route = route;
        listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/files/");
        acceptLoop = AcceptAsync();
    }

    /// <summary>Serves every file of <paramref name="files"/> and answers 404 to anything else.</summary>
    public static LocalHttpServer Serving(IReadOnlyDictionary<string, byte[]> files, TimeSpan? delay = null) =>
        new((name, _) => files.TryGetValue(name, out byte[]? body) ? Reply.Ok(body, delay) : Reply.Status(404));

    public Uri BaseUrl { get; }

    public int TotalRequests
    {
        get
        {
            lock (counts)
            {
                return counts.Values.Sum();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        Task[] pending;
        lock (connections)
        {
            pending = [acceptLoop, .. connections];
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception)
        {
            // Connections end in cancellation or resets when the server stops; that is the point of stopping.
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            lock (connections)
            {
                connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            string? path = await ReadRequestPathAsync(stream, stop.Token);
            if (path is null)
            {
                return;
            }

            string name = path[(path.LastIndexOf('/') + 1)..];
            int n;
            lock (counts)
            {
                n = counts[name] = counts.GetValueOrDefault(name) + 1;
            }

            try
            {
                await route(name, n).WriteAsync(stream, stop.Token);
                await stream.FlushAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
                // The client gave up (e.g. its timeout fired); nothing to answer.
            }
        }
    }

    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        string[] requestLine = head.ToString().Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 ? requestLine[1] : null;
    }
}
