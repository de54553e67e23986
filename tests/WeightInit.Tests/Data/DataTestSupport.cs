using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using WeightInit.Data;

namespace WeightInit.Tests.Data;

/// <summary>Builds IDX files byte by byte, so every test states exactly what the reader sees.</summary>
internal static class Idx
{
    public static byte[] Build(int[] dimensions, byte[] data, byte elementType = 0x08, int magicHigh = 0)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)magicHigh);
        bytes[2] = elementType;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), (uint)dimensions[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    /// <summary>A header only, with dimensions given as raw 32-bit values (to declare sizes no file holds).</summary>
    public static byte[] Header(params uint[] dimensions)
    {
        var bytes = new byte[4 + (4 * dimensions.Length)];
        bytes[2] = 0x08;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("weightinit-test-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// A shell script named <c>npm</c> in this folder standing in for npm: it records its arguments in <c>npm-args</c>,
    /// then runs <paramref name="body"/> in its working folder. Returns its path.
    /// </summary>
    public string WriteFakeNpm(string body)
    {
        string path = Combine("npm");
        File.WriteAllText(path, $"#!/bin/sh\necho \"$@\" > '{Combine("npm-args")}'\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Every file below <paramref name="folder"/>, hidden temp files included; empty when the folder does not exist.</summary>
    public static string[] FilesUnder(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// A tiny data set in the MNIST layout (4 × 4 images, 12 training and 6 test examples, 10 classes) with a
/// descriptor that carries its true MD5s, so every source can be exercised without the real data.
/// </summary>
internal sealed class FakeDataset
{
    public const int Rows = 4;
    public const int Cols = 4;
    public const int TrainCount = 12;
    public const int TestCount = 6;

    private FakeDataset(int seed)
    {
        var random = new Random(seed);
        byte[] Pixels(int n)
        {
            var data = new byte[n * Rows * Cols];
            random.NextBytes(data);
            return data;
        }

        byte[] Labels(int n) => Enumerable.Range(0, n).Select(i => (byte)((i * 7 + seed) % 10)).ToArray();

        Plain = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte"] = Idx.Build([TrainCount, Rows, Cols], Pixels(TrainCount)),
            ["train-labels-idx1-ubyte"] = Idx.Build([TrainCount], Labels(TrainCount)),
            ["t10k-images-idx3-ubyte"] = Idx.Build([TestCount, Rows, Cols], Pixels(TestCount)),
            ["t10k-labels-idx1-ubyte"] = Idx.Build([TestCount], Labels(TestCount)),
        };
        Gzip = Plain.ToDictionary(p => p.Key + ".gz", p => Idx.Gzip(p.Value));
    }

    public IReadOnlyDictionary<string, byte[]> Plain { get; }

    /// <summary>The gzip files a mirror serves, keyed by <c>name.gz</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Gzip { get; }

    public static FakeDataset Create(int seed = 1) => new(seed);

    public DatasetDescriptor Descriptor(IReadOnlyList<Uri>? mirrors = null, IReadOnlyList<string>? systemDirectories = null)
    {
        DatasetFile File(string name) => new(name, Idx.Md5(Plain[name]), Idx.Md5(Gzip[name + ".gz"]));
        return new DatasetDescriptor
        {
            Name = "fake",
            Classes = 10,
            TrainImages = File("train-images-idx3-ubyte"),
            TrainLabels = File("train-labels-idx1-ubyte"),
            TestImages = File("t10k-images-idx3-ubyte"),
            TestLabels = File("t10k-labels-idx1-ubyte"),
            Mirrors = mirrors ?? [],
            SystemDirectories = systemDirectories ?? [],
            NpmPackage = new NpmDatasetPackage("fake-data@1.0.0", "package/data/"),
            TorchvisionFolder = "FAKE",
        };
    }

    /// <summary>Options that reach only what a test sets up: no OS package folders, no mirrors, no npm, a private cache.</summary>
    public DatasetOptions IsolatedOptions(string cacheDirectory, IReadOnlyList<Uri>? mirrors = null) => new()
    {
        Dataset = Descriptor(mirrors),
        CacheDirectory = cacheDirectory,
        UseSystemPackages = false,
        UseMirrors = mirrors is not null,
        UseNpm = false,
        HttpAttempts = 1,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        HttpTimeout = TimeSpan.FromSeconds(5),
    };

    public void WritePlain(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach ((string name, byte[] bytes) in Plain)
        {
            System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, name), bytes);
        }
    }

    public void WriteGzip(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach ((string name, byte[] bytes) in Gzip)
        {
            System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, name), bytes);
        }
    }

    /// <summary>An npm-style package tarball holding the four plain files under <c>package/data/</c>.</summary>
    public byte[] PackageTarball(Func<string, byte[], byte[]>? tamper = null)
    {
        var entries = new List<TarEntry>();
        entries.Add(Tar.File("package/package.json", "{\"name\":\"fake-data\"}"u8.ToArray()));
        foreach ((string name, byte[] bytes) in Plain)
        {
            entries.Add(Tar.File("package/data/" + name, tamper?.Invoke(name, bytes) ?? bytes));
        }

        return Tar.GzipArchive(entries);
    }
}

/// <summary>Builds tar.gz archives, hostile ones included.</summary>
internal static class Tar
{
    public static TarEntry File(string name, byte[] content) =>
        new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    public static TarEntry Link(TarEntryType type, string name, string target) =>
        new PaxTarEntry(type, name) { LinkName = target };

    public static byte[] GzipArchive(IEnumerable<TarEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (TarEntry entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
