using WeightInit.Data;

namespace WeightInit.Tests.Data;

/// <summary>Data errors say what is actually wrong and the remedy that works.</summary>
public sealed class DataMessageTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeDataset fake = FakeDataset.Create();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_cache_path_that_is_a_file_is_reported_as_a_file_not_as_missing()
    {
        string file = temp.Combine("cache");
        File.WriteAllText(file, "not a folder");

        var act = () => MnistDatasets.FetchAsync(fake.IsolatedOptions(file));

        var outcome = (await act.Should().ThrowAsync<DatasetUnavailableException>()).Which.Attempts
            .Should().ContainSingle(a => a.Source == DatasetSourceKind.Cache).Which.Outcome;
        outcome.Should().Contain($"cache folder '{file}' is a file, not a folder").And.NotContain("does not exist");
    }

    [Fact]
    public void Fashion_mnist_without_a_source_names_the_debian_package()
    {
        new DatasetUnavailableException("fashion-mnist", []).Message.Should()
            .Contain("'sudo apt-get install dataset-fashion-mnist' (read in place from /usr/share/datasets/fashion-mnist)");
        new DatasetUnavailableException("mnist", []).Message.Should().NotContain("apt-get", "Debian packages no MNIST");
    }
}
