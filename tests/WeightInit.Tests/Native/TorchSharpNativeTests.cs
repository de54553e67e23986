using WeightInit.Native;
using static TorchSharp.torch;

namespace WeightInit.Tests.Native;

/// <summary>TorchSharp loads and trains with nothing done by hand, and the patched copy is cached safely.</summary>
public sealed class TorchSharpNativeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("weightinit-native-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_tensor_op_and_a_backward_pass_run()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);

        var loss = (w * w).sum();
        loss.backward();

        loss.item<float>().Should().Be(14f);
        w.grad!.data<float>().ToArray().Should().Equal(2f, 4f, 6f);
    }

    [Fact]
    public void The_fix_acts_only_when_the_host_lacks_a_needed_version()
    {
        var status = TorchSharpNative.TryEnsureLoaded();
        var host = ElfImage.Load(TorchSharpNative.HostStdCxxPath());
        bool hostHasAll = ElfImage.Load(TorchSharpNative.FindOriginal()!).Needs
            .Where(n => n.Library == "libstdc++.so.6").All(n => host.Definitions.Contains(n.Version));

        if (hostHasAll)
        {
            status.State.Should().Be(TorchSharpNativeState.NotNeeded);
            status.PatchedPath.Should().BeNull();
        }
        else
        {
            status.State.Should().Be(TorchSharpNativeState.Patched);
            status.MissingVersions.Should().OnlyContain(v => !host.Definitions.Contains(v));
            status.PatchedPath.Should().NotStartWith(Path.GetDirectoryName(status.OriginalPath!)!, "the original's folder is never written");
        }
    }

    [Fact]
    public void The_patched_copy_is_keyed_by_the_originals_hash_and_reused()
    {
        string original = TorchSharpNative.FindOriginal()!;
        byte[] bytes = File.ReadAllBytes(original);

        string first = TorchSharpNative.WritePatchedCopy(original, bytes, ["GLIBCXX_3.4.32"], [_root]);
        var written = File.GetLastWriteTimeUtc(first);
        string second = TorchSharpNative.WritePatchedCopy(original, bytes, ["GLIBCXX_3.4.32"], [_root]);

        second.Should().Be(first);
        File.GetLastWriteTimeUtc(second).Should().Be(written, "an intact copy is reused, not rewritten");
        Path.GetFileName(Path.GetDirectoryName(first)).Should().HaveLength(32).And.MatchRegex("^[0-9a-f]+$");
        Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public void A_damaged_cached_copy_is_replaced()
    {
        string original = TorchSharpNative.FindOriginal()!;
        byte[] bytes = File.ReadAllBytes(original);
        string path = TorchSharpNative.WritePatchedCopy(original, bytes, ["GLIBCXX_3.4.32"], [_root]);
        File.WriteAllBytes(path, bytes[..1000]);

        TorchSharpNative.WritePatchedCopy(original, bytes, ["GLIBCXX_3.4.32"], [_root]);

        File.ReadAllBytes(path).Should().Equal(ElfVersionPatcher.MarkWeak(bytes, original, "libstdc++.so.6", ["GLIBCXX_3.4.32"]));
    }

    [Fact]
    public async Task Concurrent_writers_all_end_with_one_complete_copy()
    {
        string original = TorchSharpNative.FindOriginal()!;
        byte[] bytes = File.ReadAllBytes(original);
        byte[] expected = ElfVersionPatcher.MarkWeak(bytes, original, "libstdc++.so.6", ["GLIBCXX_3.4.32"]);

        var paths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => TorchSharpNative.WritePatchedCopy(original, bytes, ["GLIBCXX_3.4.32"], [_root]))));

        paths.Distinct().Should().ContainSingle();
        File.ReadAllBytes(paths[0]).Should().Equal(expected);
        Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public void An_unwritable_cache_falls_through_to_the_next_root()
    {
        string original = TorchSharpNative.FindOriginal()!;
        string blocked = Path.Combine(_root, "file-not-folder");
        File.WriteAllText(blocked, "a file where a folder should be");

        string path = TorchSharpNative.WritePatchedCopy(original, File.ReadAllBytes(original), ["GLIBCXX_3.4.32"], [blocked, Path.Combine(_root, "ok")]);

        path.Should().StartWith(Path.Combine(_root, "ok"));
    }

    [Fact]
    public void When_no_root_is_writable_the_error_names_the_missing_version_and_the_remedies()
    {
        string original = TorchSharpNative.FindOriginal()!;
        string blocked = Path.Combine(_root, "file-not-folder");
        File.WriteAllText(blocked, "x");

        var act = () => TorchSharpNative.WritePatchedCopy(original, File.ReadAllBytes(original), ["GLIBCXX_3.4.32"], [blocked]);
        var error = act.Should().Throw<IOException>().Which;
        var status = TorchSharpNative.Failure(original, ["GLIBCXX_3.4.32"], error.Message);

        status.State.Should().Be(TorchSharpNativeState.Failed);
        new TorchSharpNativeLoadException(status).Message.Should()
            .Contain("GLIBCXX_3.4.32").And.Contain("GCC 13").And.Contain("Debian 13").And.Contain("Ubuntu 24.04").And.Contain(blocked);
    }
}
