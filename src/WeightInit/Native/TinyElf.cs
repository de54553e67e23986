using System.Buffers.Binary;
using System.Text;

namespace WeightInit.Native;

/// <summary>
/// Writes the smallest well-formed x86-64 ELF shared object that exports one function, byte by byte, so that a
/// package consumer needs no C compiler and the repository holds no binary: the machine code is a handful of
/// instructions given by the caller and everything else follows from the ELF-64 and System V x86-64 ABI layouts.
/// </summary>
/// <remarks>
/// Layout (page size 4 KiB): one read+execute segment at offset 0 holding the ELF header, the program headers,
/// <c>.hash</c> (System V hash table, one bucket), <c>.dynsym</c>, <c>.dynstr</c> and <c>.text</c>; one read+write
/// segment at offset 0x1000 holding <c>.dynamic</c>; then <c>.shstrtab</c> and the section headers, which the loader
/// ignores but <c>readelf</c> and <c>objdump -d</c> read. A <c>PT_GNU_STACK</c> header without the execute flag says
/// the object does not need an executable stack (without it glibc would try to make the stack executable).
/// </remarks>
internal static class TinyElf
{
    private const int Page = 0x1000;
    private const int HeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const int ProgramHeaderCount = 4;
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const int DynamicEntrySize = 16;
    private const int TextSection = 4;

    /// <summary>The bytes of a shared object named <paramref name="soname"/> exporting <paramref name="symbol"/> as a global function whose body is <paramref name="code"/>.</summary>
    public static byte[] SharedObject(string soname, string symbol, ReadOnlySpan<byte> code)
    {
        byte[] dynstr = Encoding.ASCII.GetBytes($"\0{symbol}\0{soname}\0");
        int symbolName = 1;
        int sonameOffset = 2 + symbol.Length;
        int hashAt = HeaderSize + (ProgramHeaderSize * ProgramHeaderCount);
        const int hashSize = 5 * 4; // nbucket = 1, nchain = 2, bucket[0] = 1, chain[0] = chain[1] = 0
        int dynsymAt = Align(hashAt + hashSize, 8);
        int dynstrAt = dynsymAt + (2 * SymbolSize);
        int textAt = Align(dynstrAt + dynstr.Length, 16);
        int textEnd = textAt + code.Length;
        if (textEnd > Page)
        {
            throw new ArgumentException($"the code must fit in the first page; got {code.Length} bytes", nameof(code));
        }

        const int dynamicAt = Page;
        const int dynamicCount = 7;
        const int dynamicSize = dynamicCount * DynamicEntrySize;
        byte[] shstrtab = Encoding.ASCII.GetBytes("\0.hash\0.dynsym\0.dynstr\0.text\0.dynamic\0.shstrtab\0");
        int shstrtabAt = dynamicAt + dynamicSize;
        int sectionsAt = Align(shstrtabAt + shstrtab.Length, 8);
        var image = new byte[sectionsAt + (7 * SectionHeaderSize)];
        var span = image.AsSpan();

        WriteHeader(span, sectionsAt);
        int ph = HeaderSize;
        ProgramHeader(span[ph..], type: 1, flags: 5, offset: 0, size: textEnd, align: Page);                 // PT_LOAD, R+X
        ProgramHeader(span[(ph + 56)..], type: 1, flags: 6, offset: dynamicAt, size: dynamicSize, align: Page); // PT_LOAD, R+W
        ProgramHeader(span[(ph + 112)..], type: 2, flags: 6, offset: dynamicAt, size: dynamicSize, align: 8);   // PT_DYNAMIC
        ProgramHeader(span[(ph + 168)..], type: 0x6474e551, flags: 6, offset: 0, size: 0, align: 16);          // PT_GNU_STACK, not executable

        U32(span, hashAt, 1);
        U32(span, hashAt + 4, 2);
        U32(span, hashAt + 8, 1);
        U32(span, dynsymAt + SymbolSize, (uint)symbolName);
        span[dynsymAt + SymbolSize + 4] = 0x12;                                   // STB_GLOBAL << 4 | STT_FUNC
        U16(span, dynsymAt + SymbolSize + 6, TextSection);
        U64(span, dynsymAt + SymbolSize + 8, (ulong)textAt);
        U64(span, dynsymAt + SymbolSize + 16, (ulong)code.Length);
        dynstr.CopyTo(span[dynstrAt..]);
        code.CopyTo(span[textAt..]);

        (long Tag, long Value)[] dynamic =
        [
            (4, hashAt), (5, dynstrAt), (6, dynsymAt), (10, dynstr.Length), (11, SymbolSize), (14, sonameOffset), (0, 0),
        ];
        for (int i = 0; i < dynamic.Length; i++)
        {
            U64(span, dynamicAt + (i * DynamicEntrySize), (ulong)dynamic[i].Tag);
            U64(span, dynamicAt + (i * DynamicEntrySize) + 8, (ulong)dynamic[i].Value);
        }

        shstrtab.CopyTo(span[shstrtabAt..]);
        int sh = sectionsAt + SectionHeaderSize; // section 0 stays all zero
        Section(span[sh..], name: 1, type: 5, flags: 2, offset: hashAt, size: hashSize, link: 2, info: 0, align: 8, entry: 4);
        Section(span[(sh + 64)..], name: 7, type: 11, flags: 2, offset: dynsymAt, size: 2 * SymbolSize, link: 3, info: 1, align: 8, entry: SymbolSize);
        Section(span[(sh + 128)..], name: 15, type: 3, flags: 2, offset: dynstrAt, size: dynstr.Length, link: 0, info: 0, align: 1, entry: 0);
        Section(span[(sh + 192)..], name: 23, type: 1, flags: 6, offset: textAt, size: code.Length, link: 0, info: 0, align: 16, entry: 0);
        Section(span[(sh + 256)..], name: 29, type: 6, flags: 3, offset: dynamicAt, size: dynamicSize, link: 3, info: 0, align: 8, entry: DynamicEntrySize);
        Section(span[(sh + 320)..], name: 38, type: 3, flags: 0, offset: shstrtabAt, size: shstrtab.Length, link: 0, info: 0, align: 1, entry: 0, loaded: false);
        return image;
    }

    private static void WriteHeader(Span<byte> span, int sectionsAt)
    {
        ReadOnlySpan<byte> ident = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1]; // ELFCLASS64, little-endian, EV_CURRENT, System V ABI
        ident.CopyTo(span);
        U16(span, 16, 3);                   // ET_DYN
        U16(span, 18, 62);                  // EM_X86_64
        U32(span, 20, 1);                   // EV_CURRENT
        U64(span, 32, HeaderSize);          // e_phoff
        U64(span, 40, (ulong)sectionsAt);   // e_shoff
        U16(span, 52, HeaderSize);
        U16(span, 54, ProgramHeaderSize);
        U16(span, 56, ProgramHeaderCount);
        U16(span, 58, SectionHeaderSize);
        U16(span, 60, 7);                   // e_shnum
        U16(span, 62, 6);                   // e_shstrndx
    }

    private static void ProgramHeader(Span<byte> at, uint type, uint flags, long offset, long size, long align)
    {
        U32(at, 0, type);
        U32(at, 4, flags);
        U64(at, 8, (ulong)offset);
        U64(at, 16, (ulong)offset); // p_vaddr = p_offset: the image maps at its file layout
        U64(at, 24, (ulong)offset);
        U64(at, 32, (ulong)size);
        U64(at, 40, (ulong)size);
        U64(at, 48, (ulong)align);
    }

    private static void Section(Span<byte> at, uint name, uint type, ulong flags, long offset, long size, uint link, uint info, long align, long entry, bool loaded = true)
    {
        U32(at, 0, name);
        U32(at, 4, type);
        U64(at, 8, flags);
        U64(at, 16, loaded ? (ulong)offset : 0);
        U64(at, 24, (ulong)offset);
        U64(at, 32, (ulong)size);
        U32(at, 40, link);
        U32(at, 44, info);
        U64(at, 48, (ulong)align);
        U64(at, 56, (ulong)entry);
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static void U16(Span<byte> s, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(s[at..], v);

    private static void U32(Span<byte> s, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(s[at..], v);

    private static void U64(Span<byte> s, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(s[at..], v);
}
