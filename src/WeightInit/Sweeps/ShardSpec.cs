using System.Globalization;

namespace WeightInit.Sweeps;

/// <summary>Which slice of a sweep this process runs: shard <see cref="Index"/> of <see cref="Count"/> (0-based).</summary>
/// <param name="Index">0 ≤ index &lt; count.</param>
/// <param name="Count">Number of shards (≥ 1).</param>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>The whole grid in one process.</summary>
    public static ShardSpec Whole => new(0, 1);

    /// <summary>Parses <c>i/n</c>, e.g. <c>0/4</c>.</summary>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 0 ≤ i &lt; n.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            return Create(index, count, $"'{text}'");
        }

        throw new FormatException($"shard must be i/n with 0 <= i < n (e.g. 0/4); got '{text}'");
    }

    /// <summary>
    /// The shard a scheduler assigned through the environment: Slurm job arrays
    /// (<c>SLURM_ARRAY_TASK_ID</c>, with <c>SLURM_ARRAY_TASK_COUNT</c> or <paramref name="shards"/>) or a Kubernetes
    /// Indexed Job (<c>JOB_COMPLETION_INDEX</c>, with <paramref name="shards"/>). <see langword="null"/> when neither is set.
    /// Slurm array indices are taken as 0-based (submit with <c>--array=0-(n-1)</c>, as deploy/sweep.sbatch does).
    /// </summary>
    /// <exception cref="FormatException">A variable is set but not a valid index, or no shard count is known.</exception>
    public static ShardSpec? FromEnvironment(int? shards, Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? slurm = getVariable("SLURM_ARRAY_TASK_ID");
        string? k8s = getVariable("JOB_COMPLETION_INDEX");
        (string name, string? value) = slurm is not null ? ("SLURM_ARRAY_TASK_ID", slurm) : ("JOB_COMPLETION_INDEX", k8s);
        if (value is null)
        {
            return null;
        }

        string? countText = slurm is not null ? getVariable("SLURM_ARRAY_TASK_COUNT") : null;
        int? count = shards ?? (int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? c : null);
        if (count is null)
        {
            throw new FormatException($"{name}={value} is set but the shard count is unknown: pass --shards n{(slurm is not null ? " or set SLURM_ARRAY_TASK_COUNT" : string.Empty)}");
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            throw new FormatException($"{name} must be a non-negative integer; got '{value}'");
        }

        return Create(index, count.Value, $"{name}={value} with {count} shards");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";

    private static ShardSpec Create(int index, int count, string source)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new FormatException($"shard index must satisfy 0 <= i < n with n >= 1; got {source}");
        }

        return new ShardSpec(index, count);
    }
}
