namespace WeightInit.Experimenting;

/// <summary><see cref="ExperimentBuilder.Build"/> found problems; <see cref="Problems"/> lists every one.</summary>
public sealed class ExperimentValidationException : ArgumentException
{
    /// <summary>Creates the exception from its problems.</summary>
    public ExperimentValidationException(IReadOnlyList<string> problems)
        : this(problems, [])
    {
    }

    /// <summary>
    /// Creates the exception from its problems and the exceptions behind some of them (a model factory or forward pass that
    /// threw during <see cref="ExperimentBuilder.Build"/>'s dry run), kept whole with their stack traces.
    /// </summary>
    /// <param name="problems">Every problem, one sentence each.</param>
    /// <param name="causes">The exceptions caught; the first is also <see cref="Exception.InnerException"/> (all of them, as an <see cref="AggregateException"/>, when there are several).</param>
    public ExperimentValidationException(IReadOnlyList<string> problems, IReadOnlyList<Exception> causes)
        : base(
            $"the experiment is not valid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n- " + string.Join("\n- ", problems),
            causes.Count switch { 0 => null, 1 => causes[0], _ => new AggregateException(causes) })
    {
        Problems = problems;
        Causes = causes;
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The exceptions thrown by the model's factory, forward pass or initializers during the dry run, whole (with stack traces).</summary>
    public IReadOnlyList<Exception> Causes { get; }
}
