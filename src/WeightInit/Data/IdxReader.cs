using System.Buffers.Binary;
using System.IO.Compression;

namespace WeightInit.Data;

/// <summary>
/// The content of an IDX file (format as described on Y. LeCun's MNIST page): its dimensions and its
/// unsigned-byte elements in row-major order. <see cref="Bytes"/> holds the whole uncompressed file, header
/// included, so that its checksum can be taken without reading the file again.
/// </summary>
public sealed class IdxArray
{
    internal IdxArray(string source, int[] dimensions, byte[] bytes, int headerLength)
    {
        Source = source;
        Dimensions = dimensions;
        Bytes = bytes;
        HeaderLength = headerLength;
    }

    /// <summary>The file the array was read from.</summary>
    public string Source { get; }

    /// <summary>The dimensions from the header, outermost first (<c>[60000, 28, 28]</c> for MNIST training images).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The first dimension: the number of items.</summary>
    public int Count => Dimensions[0];

    /// <summary>Elements per item: the product of all dimensions but the first (784 for 28 × 28 images, 1 for labels).</summary>
    public int ItemLength
    {
        get
        {
            int length = 1;
            for (int i = 1; i < Dimensions.Count; i++)
            {
                length *= Dimensions[i];
            }

            return length;
        }
    }

    /// <summary>The uncompressed file, header included.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The elements, without the header.</summary>
    public ReadOnlyMemory<byte> Data => Bytes[HeaderLength..];

    private int HeaderLength { get; }
}

/// <summary>
/// Reads IDX files, plain or gzip-compressed (detected by content, not by name). Hostile headers are refused
/// before any allocation: the declared size must fit what the file can hold (exactly, for a plain file; at
/// most 1032 × the compressed size, deflate's largest expansion, for a gzip file). Only element type 0x08
/// (unsigned byte), the type of MNIST and Fashion-MNIST, is read.
/// </summary>
public static class IdxReader
{
    /// <summary>Element type code of unsigned bytes, the only one read.</summary>
    public const byte UnsignedByteType = 0x08;

    // Deflate cannot expand input by more than 1032:1 (RFC 1951 block limits); a little slack for gzip headers.
    private const long DeflateMaxRatio = 1032;
    private const long GzipSlack = 1 << 16;

    /// <summary>Reads the IDX file at <paramref name="path"/>.</summary>
    /// <exception cref="IdxFormatException">
    /// Bad magic number, an element type other than 0x08, zero dimensions, a header declaring more (or less)
    /// data than the file holds, a truncated file or corrupt gzip data. The message names the file.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long fileLength = file.Length;
        Span<byte> start = stackalloc byte[2];
        int seen = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (seen == 2 && start[0] == 0x1f && start[1] == 0x8b)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Read(gzip, path, fileLength * DeflateMaxRatio + GzipSlack, exactLength: false);
        }

        return Read(file, path, fileLength, exactLength: true);
    }

    /// <summary>
    /// Reads an IDX array from <paramref name="stream"/>, which must not yield more than
    /// <paramref name="maxLength"/> bytes (exactly that many when <paramref name="exactLength"/>).
    /// </summary>
    internal static IdxArray Read(Stream stream, string source, long maxLength, bool exactLength)
    {
        try
        {
            return ReadUnchecked(stream, source, maxLength, exactLength);
        }
        catch (InvalidDataException ex)
        {
            throw new IdxFormatException(source, $"corrupt gzip data ({ex.Message})");
        }
    }

    private static IdxArray ReadUnchecked(Stream stream, string source, long maxLength, bool exactLength)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new IdxFormatException(source, $"only {got} bytes long; an IDX header needs at least 4 (magic number)");
        }

        uint magicNumber = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new IdxFormatException(source, $"bad magic number 0x{magicNumber:X8}; an IDX file starts with two zero bytes, then the element type and the number of dimensions (MNIST images: 0x00000803)");
        }

        CheckElementType(source, magic[2]);
        int rank = magic[3];
        if (rank == 0)
        {
            throw new IdxFormatException(source, "the header declares 0 dimensions; expected at least 1");
        }

        int headerLength = 4 + (4 * rank);
        byte[] header = new byte[headerLength];
        magic.CopyTo(header);
        got = 4 + stream.ReadAtLeast(header.AsSpan(4), headerLength - 4, throwOnEndOfStream: false);
        if (got < headerLength)
        {
            throw new IdxFormatException(source, $"truncated header: {rank} dimensions need {headerLength} header bytes, the file has {got}");
        }

        int[] dimensions = new int[rank];
        long dataLength = 1;
        for (int i = 0; i < rank; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 + (4 * i)));
            if (size > int.MaxValue)
            {
                throw new IdxFormatException(source, $"dimension {i} is {size}, larger than any file WeightInit reads ({int.MaxValue})");
            }

            dimensions[i] = (int)size;
            dataLength = size == 0 ? 0 : dataLength > long.MaxValue / size ? long.MaxValue : dataLength * size;
        }

        string declared = $"the header declares [{string.Join(" × ", dimensions)}] = {dataLength:N0} data bytes";
        long available = maxLength - headerLength;
        if (dataLength > available || headerLength + dataLength > Array.MaxLength)
        {
            string holds = exactLength ? $"the file holds only {Math.Max(0, available):N0} after the {headerLength}-byte header" : $"a {maxLength / DeflateMaxRatio:N0}-byte gzip file cannot hold that much";
            throw new IdxFormatException(source, $"{declared}, but {holds} (truncated or corrupt)");
        }

        if (exactLength && dataLength < available)
        {
            throw new IdxFormatException(source, $"{declared}, but the file has {available - dataLength:N0} bytes more (corrupt, or not an IDX file)");
        }

        byte[] bytes = new byte[headerLength + dataLength];
        header.CopyTo(bytes, 0);
        got = stream.ReadAtLeast(bytes.AsSpan(headerLength), (int)dataLength, throwOnEndOfStream: false);
        if (got < dataLength)
        {
            throw new IdxFormatException(source, $"truncated: {declared}, the file ends after {got:N0}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new IdxFormatException(source, $"{declared}, but more data follows (corrupt, or not an IDX file)");
        }

        return new IdxArray(source, dimensions, bytes, headerLength);
    }

    private static void CheckElementType(string source, byte code)
    {
        string? known = code switch
        {
            UnsignedByteType => null,
            0x09 => "signed byte",
            0x0B => "int16",
            0x0C => "int32",
            0x0D => "float32",
            0x0E => "float64",
            _ => "",
        };
        if (known is null)
        {
            return;
        }

        throw new IdxFormatException(source, known.Length == 0
            ? $"unknown element type code 0x{code:X2}; IDX defines 0x08, 0x09, 0x0B–0x0E and WeightInit reads 0x08 (unsigned byte)"
            : $"element type 0x{code:X2} ({known}) is not supported; WeightInit reads 0x08 (unsigned byte), the type of MNIST and Fashion-MNIST");
    }
}
