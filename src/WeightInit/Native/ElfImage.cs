using System.Buffers.Binary;
using System.Text;

namespace WeightInit.Native;

/// <summary>One <c>Vernaux</c> entry of <c>.gnu.version_r</c>: a symbol version the image needs from a library.</summary>
/// <param name="Library">The needed library's file name (e.g. <c>libstdc++.so.6</c>).</param>
/// <param name="Version">The version name (e.g. <c>GLIBCXX_3.4.32</c>).</param>
/// <param name="Flags">The entry's <c>vna_flags</c> (<c>0x2</c> = <c>VER_FLG_WEAK</c>).</param>
/// <param name="FlagsOffset">File offset of the 16-bit <c>vna_flags</c> field.</param>
internal readonly record struct ElfVersionNeed(string Library, string Version, ushort Flags, long FlagsOffset);

/// <summary>
/// The smallest ELF64 little-endian reader that answers two questions: which symbol versions an image
/// needs (<c>SHT_GNU_verneed</c>) and which it defines (<c>SHT_GNU_verdef</c>). Layouts follow the
/// System V gABI and the LSB "Symbol Versioning" chapter. Every offset is bounds-checked so a
/// hostile or truncated file gives an <see cref="ElfFormatException"/>, never an out-of-range read.
/// </summary>
internal sealed class ElfImage
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int SectionHeaderSize = 64;

    private readonly byte[] _bytes;
    private readonly string _path;
    private readonly List<(uint Type, long Offset, long Size, uint Link, uint Info)> _sections = [];

    private ElfImage(byte[] bytes, string path)
    {
        _bytes = bytes;
        _path = path;
        ReadSectionHeaders();
        Needs = ReadNeeds();
        Definitions = ReadDefinitions();
    }

    /// <summary>Symbol versions this image needs, in file order.</summary>
    public IReadOnlyList<ElfVersionNeed> Needs { get; }

    /// <summary>Symbol version names this image defines (empty for most executables).</summary>
    public IReadOnlySet<string> Definitions { get; }

    /// <summary>Parses <paramref name="bytes"/>; <paramref name="path"/> is only used in error messages.</summary>
    /// <exception cref="ElfFormatException">The bytes are not a well-formed ELF64 little-endian image.</exception>
    public static ElfImage Parse(byte[] bytes, string path) => new(bytes, path);

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static ElfImage Load(string path) => Parse(File.ReadAllBytes(path), path);

    private void ReadSectionHeaders()
    {
        if (_bytes.Length < 64 || _bytes[0] != 0x7f || _bytes[1] != (byte)'E' || _bytes[2] != (byte)'L' || _bytes[3] != (byte)'F')
        {
            throw Fail("not an ELF file (expected the magic bytes 7F 45 4C 46 at offset 0)");
        }

        if (_bytes[4] != 2)
        {
            throw Fail($"ELF class {_bytes[4]} is not supported (expected 2 = ELF64)");
        }

        if (_bytes[5] != 1)
        {
            throw Fail($"ELF data encoding {_bytes[5]} is not supported (expected 1 = little-endian)");
        }

        long shoff = checked((long)U64(0x28));
        int shentsize = U16(0x3A);
        int shnum = U16(0x3C);
        if (shoff == 0 || shnum == 0)
        {
            throw Fail("the image has no section headers (expected a section header table)");
        }

        if (shentsize != SectionHeaderSize)
        {
            throw Fail($"section header size is {shentsize} bytes (expected {SectionHeaderSize})");
        }

        Require(shoff, (long)shnum * SectionHeaderSize, "section header table");
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + ((long)i * SectionHeaderSize);
            uint type = U32(h + 4);
            long offset = checked((long)U64(h + 24));
            long size = checked((long)U64(h + 32));
            uint link = U32(h + 40);
            uint info = U32(h + 44);
            _sections.Add((type, offset, size, link, info));
        }
    }

    private List<ElfVersionNeed> ReadNeeds()
    {
        var result = new List<ElfVersionNeed>();
        foreach (var s in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            Require(s.Offset, s.Size, ".gnu.version_r");
            var strtab = StringTable(s.Link);
            long entry = s.Offset;
            for (uint n = 0; n < s.Info; n++)
            {
                Require(entry, 16, "Verneed entry");
                int count = U16(entry + 2);
                string library = String(strtab, U32(entry + 4));
                long aux = entry + U32(entry + 8);
                for (int a = 0; a < count; a++)
                {
                    Require(aux, 16, "Vernaux entry");
                    result.Add(new ElfVersionNeed(library, String(strtab, U32(aux + 8)), (ushort)U16(aux + 4), aux + 4));
                    uint nextAux = U32(aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = U32(entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    private HashSet<string> ReadDefinitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            Require(s.Offset, s.Size, ".gnu.version_d");
            var strtab = StringTable(s.Link);
            long entry = s.Offset;
            for (uint n = 0; n < s.Info; n++)
            {
                Require(entry, 20, "Verdef entry");
                if (U16(entry + 6) > 0)
                {
                    long aux = entry + U32(entry + 12);
                    Require(aux, 8, "Verdaux entry");
                    result.Add(String(strtab, U32(aux)));
                }

                uint next = U32(entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    private (long Offset, long Size) StringTable(uint index)
    {
        if (index >= _sections.Count)
        {
            throw Fail($"string table index {index} is out of range (the image has {_sections.Count} sections)");
        }

        var s = _sections[(int)index];
        Require(s.Offset, s.Size, "string table");
        return (s.Offset, s.Size);
    }

    private string String((long Offset, long Size) table, uint index)
    {
        if (index >= table.Size)
        {
            throw Fail($"string offset {index} lies outside its string table of {table.Size} bytes");
        }

        long start = table.Offset + index;
        long end = start;
        long limit = table.Offset + table.Size;
        while (end < limit && _bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(_bytes, (int)start, (int)(end - start));
    }

    private void Require(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > _bytes.Length || length > _bytes.Length - offset)
        {
            throw Fail($"{what} at offset {offset} (+{length} bytes) lies outside the file of {_bytes.Length} bytes (truncated or corrupt)");
        }
    }

    private ushort U16(long offset)
    {
        Require(offset, 2, "field");
        return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)offset, 2));
    }

    private uint U32(long offset)
    {
        Require(offset, 4, "field");
        return BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)offset, 4));
    }

    private ulong U64(long offset)
    {
        Require(offset, 8, "field");
        return BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)offset, 8));
    }

    private ElfFormatException Fail(string problem) => new(_path, problem);
}
