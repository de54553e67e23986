using System.Formats.Tar;
using WeightInit.Data;

namespace WeightInit.Tests.Data;

public sealed class SafeTarExtractorTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Regular_files_are_extracted_below_the_target_folder()
    {
        byte[] archive = Tar.GzipArchive([Tar.File("package/a.txt", [1, 2]), Tar.File("package/data/b", [3])]);

        var written = SafeTarExtractor.Extract(new MemoryStream(archive), "ok.tgz", temp.Combine("target"));

        written.Keys.Should().BeEquivalentTo("package/a.txt", "package/data/b");
        File.ReadAllBytes(temp.Combine("target", "package", "data", "b")).Should().Equal(3);
    }

    [Theory]
    [InlineData("../escaped", "*'..' segment*")]
    [InlineData("package/../../escaped", "*'..' segment*")]
    [InlineData("/tmp/weightinit-absolute-entry", "*absolute path*")]
    public void An_entry_whose_path_escapes_the_target_is_refused(string name, string message)
    {
        byte[] archive = Tar.GzipArchive([Tar.File("package/fine", [1]), Tar.File(name, [6, 6, 6])]);

        var act = () => SafeTarExtractor.Extract(new MemoryStream(archive), "evil.tgz", temp.Combine("target"));

        act.Should().Throw<UnsafeArchiveException>().Where(e => e.EntryName == name && e.Archive == "evil.tgz").WithMessage(message);
        File.Exists(temp.Combine("escaped")).Should().BeFalse();
        File.Exists("/tmp/weightinit-absolute-entry").Should().BeFalse();
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "*symbolic link*")]
    [InlineData(TarEntryType.HardLink, "*hard link*")]
    public void Link_entries_are_refused(TarEntryType type, string message)
    {
        byte[] archive = Tar.GzipArchive([Tar.Link(type, "package/data/train-images-idx3-ubyte", "/etc/passwd")]);

        var act = () => SafeTarExtractor.Extract(new MemoryStream(archive), "links.tgz", temp.Combine("target"));

        act.Should().Throw<UnsafeArchiveException>().WithMessage(message);
        TempFolder.FilesUnder(temp.Combine("target")).Should().BeEmpty();
    }

    [Fact]
    public void Device_entries_are_refused()
    {
        byte[] archive = Tar.GzipArchive([new PaxTarEntry(TarEntryType.CharacterDevice, "package/dev")]);

        var act = () => SafeTarExtractor.Extract(new MemoryStream(archive), "dev.tgz", temp.Combine("target"));

        act.Should().Throw<UnsafeArchiveException>().WithMessage("*type CharacterDevice*");
    }
}
