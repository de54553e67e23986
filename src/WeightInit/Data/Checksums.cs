using System.IO.Compression;
using System.Security.Cryptography;

namespace WeightInit.Data;

/// <summary>MD5 digests as lower-case hex, the form data-set publishers print. MD5 detects corruption and mix-ups here, the job it is published for.</summary>
internal static class Checksums
{
    public static string Md5(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    public static string Md5(Stream stream) => Convert.ToHexStringLower(MD5.HashData(stream));

    /// <summary>MD5 of a file's uncompressed content: a gzip file (detected by its magic bytes) is decompressed on the fly.</summary>
    /// <exception cref="InvalidDataException">The file looks like gzip but its data is corrupt.</exception>
    public static string Md5OfContent(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        if (!IsGzip(file))
        {
            return Md5(file);
        }

        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return Md5(gzip);
    }

    /// <summary>Whether the stream starts with the gzip magic bytes 1F 8B; the position is restored.</summary>
    public static bool IsGzip(Stream seekable)
    {
        long position = seekable.Position;
        int first = seekable.ReadByte();
        int second = seekable.ReadByte();
        seekable.Position = position;
        return first == 0x1f && second == 0x8b;
    }
}
