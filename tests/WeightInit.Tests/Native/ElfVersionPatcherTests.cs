using WeightInit.Native;

namespace WeightInit.Tests.Native;

/// <summary>The ELF edit that makes TorchSharp load on GCC-12-era hosts, tested on the real library the build ships.</summary>
public sealed class ElfVersionPatcherTests
{
    private const string StdCxx = "libstdc++.so.6";

    private static string ShippedLibrary =>
        TorchSharpNative.FindOriginal() ?? throw new InvalidOperationException("libLibTorchSharp.so is not in the test output");

    [Fact]
    public void The_shipped_library_needs_GLIBCXX_3_4_32_from_libstdcxx()
    {
        var elf = ElfImage.Load(ShippedLibrary);

        elf.Needs.Should().Contain(n => n.Library == StdCxx && n.Version == "GLIBCXX_3.4.32");
    }

    [Fact]
    public void Marking_an_entry_weak_changes_exactly_that_entrys_flag_and_nothing_else()
    {
        byte[] original = File.ReadAllBytes(ShippedLibrary);
        var entry = ElfImage.Parse(original, ShippedLibrary).Needs.Single(n => n.Library == StdCxx && n.Version == "GLIBCXX_3.4.32");

        byte[] patched = ElfVersionPatcher.MarkWeak(original, ShippedLibrary, StdCxx, ["GLIBCXX_3.4.32"]);

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        differing.Should().Equal([(int)entry.FlagsOffset], "vna_flags is little-endian and WEAK (0x2) lives in its low byte");
        var reread = ElfImage.Parse(patched, "patched").Needs.Single(n => n.Library == StdCxx && n.Version == "GLIBCXX_3.4.32");
        reread.Flags.Should().Be((ushort)(entry.Flags | ElfVersionPatcher.VerFlagWeak));
        ElfImage.Parse(patched, "patched").Needs.Where(n => n.Version != "GLIBCXX_3.4.32")
            .Should().Equal(ElfImage.Parse(original, "original").Needs.Where(n => n.Version != "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void Marking_weak_is_idempotent()
    {
        byte[] original = File.ReadAllBytes(ShippedLibrary);

        byte[] once = ElfVersionPatcher.MarkWeak(original, ShippedLibrary, StdCxx, ["GLIBCXX_3.4.32"]);
        byte[] twice = ElfVersionPatcher.MarkWeak(once, ShippedLibrary, StdCxx, ["GLIBCXX_3.4.32"]);

        twice.Should().Equal(once);
    }

    [Fact]
    public void A_library_without_the_entry_is_refused_with_a_named_error()
    {
        byte[] original = File.ReadAllBytes(ShippedLibrary);

        var act = () => ElfVersionPatcher.MarkWeak(original, "lib.so", StdCxx, ["GLIBCXX_9.9.99"]);

        act.Should().Throw<ElfFormatException>().WithMessage("*lib.so*GLIBCXX_9.9.99*GLIBCXX_3.4*");
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_refused()
    {
        var act = () => ElfImage.Parse(new byte[128], "zeros.bin");

        act.Should().Throw<ElfFormatException>().WithMessage("*zeros.bin*not an ELF file*7F 45 4C 46*");
    }

    [Fact]
    public void A_32_bit_ELF_is_refused()
    {
        byte[] bytes = File.ReadAllBytes(ShippedLibrary)[..256];
        bytes[4] = 1;

        var act = () => ElfImage.Parse(bytes, "elf32.so");

        act.Should().Throw<ElfFormatException>().WithMessage("*ELF class 1*expected 2 = ELF64*");
    }

    [Fact]
    public void A_big_endian_ELF_is_refused()
    {
        byte[] bytes = File.ReadAllBytes(ShippedLibrary)[..256];
        bytes[5] = 2;

        var act = () => ElfImage.Parse(bytes, "be.so");

        act.Should().Throw<ElfFormatException>().WithMessage("*data encoding 2*little-endian*");
    }

    [Fact]
    public void A_truncated_ELF_is_refused_instead_of_read_out_of_bounds()
    {
        byte[] bytes = File.ReadAllBytes(ShippedLibrary)[..4096];

        var act = () => ElfImage.Parse(bytes, "cut.so");

        act.Should().Throw<ElfFormatException>().WithMessage("*cut.so*outside the file*truncated or corrupt*");
    }

    [Fact]
    public void The_hosts_libstdcxx_defines_its_GLIBCXX_versions()
    {
        var host = ElfImage.Load(TorchSharpNative.HostStdCxxPath());

        host.Definitions.Should().Contain("GLIBCXX_3.4.30", "every GCC 12 or newer libstdc++ defines it");
    }
}
