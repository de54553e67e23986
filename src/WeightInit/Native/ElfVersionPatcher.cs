using System.Buffers.Binary;

namespace WeightInit.Native;

/// <summary>
/// Marks chosen version-needed entries of an ELF image weak (<c>VER_FLG_WEAK</c>, 0x2 in
/// <c>vna_flags</c>). glibc's loader then warns instead of refusing to load when the providing
/// library lacks that version; symbols bound to it still resolve by name. Nothing else changes:
/// two bytes per entry at most.
/// </summary>
internal static class ElfVersionPatcher
{
    /// <summary>The <c>VER_FLG_WEAK</c> bit of <c>vna_flags</c>.</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary>
    /// Returns a copy of <paramref name="image"/> in which the entries needing each of
    /// <paramref name="versions"/> from <paramref name="library"/> carry <see cref="VerFlagWeak"/>.
    /// Idempotent: patching a patched image gives the same bytes.
    /// </summary>
    /// <exception cref="ElfFormatException">
    /// The image is not ELF64 little-endian, or it has no entry for one of the versions.
    /// </exception>
    public static byte[] MarkWeak(byte[] image, string path, string library, IReadOnlyCollection<string> versions)
    {
        var elf = ElfImage.Parse(image, path);
        var copy = (byte[])image.Clone();
        foreach (string version in versions)
        {
            var entries = elf.Needs.Where(n => n.Library == library && n.Version == version).ToList();
            if (entries.Count == 0)
            {
                string known = string.Join(", ", elf.Needs.Where(n => n.Library == library).Select(n => n.Version).Distinct());
                throw new ElfFormatException(path, $"no version-needed entry for {version} from {library} (it needs: {(known.Length == 0 ? "nothing from that library" : known)})");
            }

            foreach (var entry in entries)
            {
                var span = copy.AsSpan((int)entry.FlagsOffset, 2);
                BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(entry.Flags | VerFlagWeak));
            }
        }

        return copy;
    }
}
