using WeightInit.Data;

namespace WeightInit.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_well_formed_unsigned_byte_file_is_read_with_its_big_endian_dimensions_and_data()
    {
        byte[] data = Enumerable.Range(0, 2 * 3 * 300).Select(i => (byte)i).ToArray();
        string path = Write("good", Idx.Build([2, 3, 300], data));

        IdxArray array = IdxReader.ReadFile(path);

        array.Dimensions.Should().Equal(2, 3, 300);
        array.Count.Should().Be(2);
        array.ItemLength.Should().Be(900);
        array.Data.ToArray().Should().Equal(data);
        array.Source.Should().Be(path);
    }

    [Fact]
    public void A_gzip_file_is_recognised_by_its_content_and_reads_like_the_plain_file()
    {
        byte[] plain = Idx.Build([5], [0, 1, 2, 3, 4]);
        string path = Write("labels-without-gz-suffix", Idx.Gzip(plain));

        IdxArray array = IdxReader.ReadFile(path);

        array.Bytes.ToArray().Should().Equal(plain);
        array.Dimensions.Should().Equal(5);
    }

    [Fact]
    public void A_bad_magic_number_is_refused_naming_the_file_and_the_number()
    {
        string path = Write("bad-magic", Idx.Build([3], [1, 2, 3], magicHigh: 0x1234));

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>()
            .Where(e => e.FilePath == path)
            .WithMessage("*bad-magic*bad magic number 0x12340801*");
    }

    [Theory]
    [InlineData(0x0C, "*0x0C (int32) is not supported*")]
    [InlineData(0x0D, "*0x0D (float32) is not supported*")]
    [InlineData(0x07, "*unknown element type code 0x07*")]
    public void Element_types_other_than_unsigned_byte_are_refused_by_name(byte type, string message)
    {
        string path = Write($"type-{type}", Idx.Build([4], [0, 0, 0, 0], elementType: type));

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().WithMessage(message);
    }

    [Fact]
    public void A_file_cut_short_inside_its_data_is_refused_as_truncated()
    {
        byte[] whole = Idx.Build([10, 28, 28], new byte[10 * 28 * 28]);
        string path = Write("truncated", whole[..(whole.Length - 100)]);

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().WithMessage("*declares [10 × 28 × 28] = 7,840 data bytes*holds only 7,740*truncated*");
    }

    [Fact]
    public void A_gzip_file_cut_short_is_refused_as_truncated_or_corrupt()
    {
        byte[] gzip = Idx.Gzip(Idx.Build([10, 28, 28], Enumerable.Range(0, 7840).Select(i => (byte)(i * 31)).ToArray()));
        string path = Write("truncated.gz", gzip[..(gzip.Length / 2)]);

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().Where(e => e.FilePath == path);
    }

    [Fact]
    public void A_file_cut_short_inside_its_header_is_refused()
    {
        string path = Write("short-header", Idx.Header(60000, 28, 28)[..9]);

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().WithMessage("*truncated header: 3 dimensions need 16 header bytes, the file has 9*");
    }

    [Fact]
    public void A_file_with_bytes_beyond_its_declared_data_is_refused()
    {
        string path = Write("trailing", [.. Idx.Build([3], [1, 2, 3]), 9, 9]);

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().WithMessage("*has 2 bytes more*");
    }

    [Fact]
    public void A_header_of_zero_dimensions_is_refused()
    {
        string path = Write("rank0", Idx.Header());

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().WithMessage("*declares 0 dimensions*");
    }

    [Fact]
    public void A_one_kilobyte_file_declaring_gigabytes_is_refused_before_any_large_allocation()
    {
        // 1,000,000,000 × 2 bytes declared (and 4 GiB × 28 × 28 for the second file), 1 KiB present.
        string plain = Write("huge-plain", [.. Idx.Header(1_000_000_000, 2), .. new byte[1012]]);
        string overflow = Write("huge-overflow", [.. Idx.Header(uint.MaxValue >> 1, 28, 28), .. new byte[1008]]);
        string gzip = Write("huge.gz", Idx.Gzip([.. Idx.Header(1_000_000_000, 2), .. new byte[1012]]));

        foreach (string path in new[] { plain, overflow, gzip })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var act = () => IdxReader.ReadFile(path);

            act.Should().Throw<IdxFormatException>().WithMessage("*truncated or corrupt*");
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            allocated.Should().BeLessThan(1 << 20, $"reading the header of {Path.GetFileName(path)} must not allocate the declared size");
        }
    }

    [Fact]
    public void Corrupt_gzip_data_is_refused_naming_the_file()
    {
        byte[] gzip = Idx.Gzip(Idx.Build([3], [1, 2, 3]));
        for (int i = 10; i < gzip.Length - 8; i++)
        {
            gzip[i] ^= 0x5A;
        }

        string path = Write("corrupt.gz", gzip);

        var act = () => IdxReader.ReadFile(path);

        act.Should().Throw<IdxFormatException>().Where(e => e.FilePath == path);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
