using WeightInit.Experiments.Cli;
using WeightInit.Experiments.Reproduction;

namespace WeightInit.Tests.Cli;

/// <summary>Output locations are checked before any work, results are rescued when the final write fails, and a reproduction folder never mixes runs.</summary>
public sealed class OutputLocationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("weightinit-out-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await WeightInitCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string AFile()
    {
        string path = Path.Combine(_folder, "a-file");
        File.WriteAllText(path, "not a folder");
        return path;
    }

    [Theory]
    [InlineData("reproduce --quick --out {file}", "'{file}' is a file; expected a folder")]
    [InlineData("reproduce --quick --out {file}/sub", "cannot create folder '{file}/sub': '{file}' is a file, not a folder")]
    [InlineData("reproduce --quick --out /proc/version", "'/proc/version' is a file; expected a folder")]
    [InlineData("train --epochs 1 --train-subset 256 --hidden 8x1 --out /proc/version", "cannot write into folder '/proc'")]
    [InlineData("train --epochs 1 --train-subset 256 --hidden 8x1 --out {file}/r.json", "'{file}' is a file; expected a folder to write into")]
    [InlineData("train --epochs 1 --train-subset 256 --hidden 8x1 --out {folder}", "'{folder}' is a folder; expected a file name")]
    [InlineData("train --epochs 1 --train-subset 256 --hidden 8x1 --out {fifo}", "refusing to replace '{fifo}': it is a FIFO (named pipe), not a regular file")]
    [InlineData("sweep --epochs 0 --depths 1 --out {file}", "'{file}' is a file; expected a folder")]
    [InlineData("sweep merge --out {file}", "does not exist")]
    public async Task An_unwritable_output_is_refused_before_any_work(string commandLine, string expected)
    {
        string file = AFile();
        string fifo = Path.Combine(_folder, "pipe.json");
        if (commandLine.Contains("{fifo}", StringComparison.Ordinal))
        {
            MakeFifo(fifo);
        }

        string Fill(string s) => s.Replace("{file}", file, StringComparison.Ordinal).Replace("{folder}", _folder, StringComparison.Ordinal).Replace("{fifo}", fifo, StringComparison.Ordinal);

        var (code, output, error) = await Run(Fill(commandLine).Split(' '));

        code.Should().Be(ExitCodes.BadArguments);
        error.TrimEnd().Should().StartWith("weightinit: --out").And.Contain(Fill(expected)).And.NotContain("\n");
        output.Should().BeEmpty("no data was loaded and nothing was trained");
    }

    [Fact]
    public async Task Reproduce_refuses_a_folder_holding_files_it_did_not_write_and_leaves_them_alone()
    {
        File.WriteAllText(Path.Combine(_folder, "thesis.tex"), "mine");

        var (code, output, error) = await Run("reproduce", "--quick", "--out", _folder);

        code.Should().Be(ExitCodes.BadArguments);
        error.Should().Contain($"folder '{_folder}' already holds files that reproduce did not write");
        output.Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Should().Equal("thesis.tex");
    }

    [Fact]
    public void A_failed_final_write_saves_the_results_in_a_fallback_folder_and_says_where()
    {
        string target = Path.Combine(AFile(), "results.json");
        using var report = new StringWriter();

        var (written, fallback) = OutputLocation.WriteOrRescue(target, path => { File.WriteAllText(path, "{}"); return path; }, report, "results.json");
        try
        {
            fallback.Should().NotBeNull();
            written.Should().Be(Path.Combine(fallback!, "results.json"));
            File.ReadAllText(written).Should().Be("{}");
            report.ToString().Should().Contain($"could not write to '{target}'").And.Contain($"saved the results in '{fallback}' instead");
        }
        finally
        {
            if (fallback is not null)
            {
                Directory.Delete(fallback, recursive: true);
            }
        }
    }

    [Fact]
    public void A_second_reproduction_replaces_the_folder_so_no_file_of_the_first_remains()
    {
        string target = Path.Combine(_folder, "out");
        FreshFolder.Write(target, dir => Write(dir, "report.md", "results.json", "q5_3_training_loss_relu_x255.png"));

        var files = FreshFolder.Write(target, dir => Write(dir, "report.md", "results.json"));

        files.Should().Equal("report.md", "results.json");
        Directory.EnumerateFiles(target).Select(Path.GetFileName).Should().BeEquivalentTo(["report.md", "results.json", FreshFolder.Marker]);
        File.ReadAllText(Path.Combine(target, FreshFolder.Marker)).Should().Be("report.md\nresults.json\n");
        Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Should().Equal(["out"], "no staging or old folder is left beside it");
    }

    [Fact]
    public void A_failing_write_leaves_the_previous_reproduction_as_it_was()
    {
        string target = Path.Combine(_folder, "out");
        FreshFolder.Write(target, dir => Write(dir, "report.md", "results.json"));

        var act = () => FreshFolder.Write(target, dir => throw new IOException("disk full"));

        act.Should().Throw<IOException>().WithMessage("disk full");
        Directory.EnumerateFiles(target).Select(Path.GetFileName).Should().BeEquivalentTo(["report.md", "results.json", FreshFolder.Marker]);
        Directory.EnumerateFileSystemEntries(_folder).Should().ContainSingle();
    }

    private static List<string> Write(string dir, params string[] names)
    {
        foreach (string name in names)
        {
            File.WriteAllText(Path.Combine(dir, name), name);
        }

        return [.. names];
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0, "the test needs a FIFO at {0}", path);
    }

    [Fact]
    public void The_library_tells_devices_and_fifos_from_files_and_refuses_to_write_over_a_fifo()
    {
        string fifo = Path.Combine(_folder, "pipe.json");
        MakeFifo(fifo);

        // Devices are only classified here, never written to: a broken check must not replace /dev/null on the test machine.
        WeightInit.Internal.FileKind.NotRegular("/dev/null").Should().Be("character device");
        WeightInit.Internal.FileKind.NotRegular(fifo).Should().Be("FIFO (named pipe)");
        WeightInit.Internal.FileKind.NotRegular(_folder).Should().Be("folder");
        WeightInit.Internal.FileKind.NotRegular(Path.Combine(_folder, "absent.json")).Should().BeNull();
        var write = () => WeightInit.Internal.AtomicFile.WriteAllText(fifo, "{}");
        write.Should().Throw<IOException>().WithMessage($"refusing to replace '{fifo}': it is a FIFO (named pipe), not a regular file*");
        new FileInfo(fifo).Length.Should().Be(0);
        Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Should().BeEquivalentTo(["pipe.json"], "no temporary file is left behind");
        WeightInit.Internal.AtomicFile.WriteAllText(Path.Combine(_folder, "ok.json"), "{}");
        File.ReadAllText(Path.Combine(_folder, "ok.json")).Should().Be("{}", "a regular path is still written");
    }
}
