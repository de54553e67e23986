namespace WeightInit.Probes;

/// <summary>
/// The batch (or the labels) given to <see cref="InitializationDiagnostics.Inspect"/> does not fit the model: the message
/// repeats the shape received and says what was expected.
/// </summary>
public sealed class BatchMismatchException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was received.</param>
    /// <param name="parameterName">The argument at fault (<c>batch</c> or <c>labels</c>).</param>
    /// <param name="shape">The shape received.</param>
    /// <param name="innerException">The error the model itself raised, if any.</param>
    public BatchMismatchException(string message, string parameterName, IReadOnlyList<long> shape, Exception? innerException = null)
        : base(message, parameterName, innerException)
    {
        Shape = shape ?? [];
    }

    /// <summary>Creates the exception with a message only (for serializers and tests).</summary>
    public BatchMismatchException()
        : this("the batch does not fit the model", "batch", [])
    {
    }

    /// <summary>The shape of the argument at fault, as received.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Formats a shape as <c>[2, 784]</c>.</summary>
    internal static string Format(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
