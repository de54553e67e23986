namespace WeightInit.Experimenting;

/// <summary><see cref="ExperimentBuilder.Build"/> found problems; <see cref="Problems"/> lists every one.</summary>
public sealed class ExperimentValidationException : ArgumentException
{
    /// <summary>Creates the exception from its problems.</summary>
    public ExperimentValidationException(IReadOnlyList<string> problems)
        : base($"the experiment is not valid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n- " + string.Join("\n- ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
