using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>A module that owns parameters but that <see cref="InitializationDiagnostics.Inspect"/> did not measure, and why.</summary>
/// <param name="Module">Dotted module name (<c>(model)</c> for the model itself).</param>
/// <param name="ModuleType">CLR type name, e.g. <c>LSTM</c>.</param>
/// <param name="Parameters">Number of parameter values the module owns itself (not counting its submodules).</param>
/// <param name="Reason">Why it has no row, and what to do about it.</param>
public sealed record UnmeasuredModule(string Module, string ModuleType, long Parameters, string Reason)
{
    /// <summary>The reason given to a module whose hook was attached but did not fire.</summary>
    internal const string NotCalledReason =
        "its forward hook did not fire: it was not run, or it was run through forward(x) instead of call(x) (TorchSharp runs hooks only through call)";

    /// <summary>
    /// Every module of <paramref name="model"/> (the model itself included) that owns parameters and has no row among
    /// <paramref name="measured"/> (the names of the modules whose hooks fired).
    /// </summary>
    internal static IReadOnlyList<UnmeasuredModule> Find(nn.Module model, IReadOnlySet<string> measured)
    {
        var result = new List<UnmeasuredModule>();
        foreach (var (name, module) in model.named_modules().Prepend((string.Empty, model)))
        {
            var own = module.named_parameters(recurse: false).ToArray();
            if (own.Length == 0 || (name.Length > 0 && measured.Contains(name)))
            {
                continue;
            }

            string reason = module is not nn.Module<Tensor, Tensor>
                ? "its forward does not map one tensor to one tensor (a recurrent layer returns a tuple), so no hook can capture its output"
                : module.children().Any()
                    ? "it owns parameters itself and also has submodules, and only leaf layers are measured"
                    : name.Length == 0
                        ? "the model is a single layer and only submodules are measured: wrap it, e.g. nn.Sequential((\"layer\", model))"
                        : NotCalledReason;
            result.Add(new UnmeasuredModule(name.Length == 0 ? "(model)" : name, module.GetType().Name, own.Sum(p => p.parameter.numel()), reason));
        }

        return result;
    }
}

/// <summary>
/// <see cref="InitializationDiagnostics.Inspect"/> measured no module at all: no hook fired during the forward pass, so there
/// is no signal to judge. The message names the model's type, the modules that were not measured and what to do.
/// </summary>
public sealed class NothingMeasuredException : InvalidOperationException
{
    /// <summary>Creates the exception for a model of type <paramref name="modelType"/>.</summary>
    /// <param name="modelType">CLR type name of the model.</param>
    /// <param name="notMeasured">Its modules with parameters, none of which was measured.</param>
    public NothingMeasuredException(string modelType, IReadOnlyList<UnmeasuredModule> notMeasured)
        : base(Describe(modelType, notMeasured))
    {
        ModelType = modelType;
        NotMeasured = notMeasured;
    }

    /// <summary>Creates the exception with a message only (for serializers and tests).</summary>
    public NothingMeasuredException()
        : this("model", [])
    {
    }

    /// <summary>CLR type name of the model inspected.</summary>
    public string ModelType { get; }

    /// <summary>The modules with parameters that were not measured.</summary>
    public IReadOnlyList<UnmeasuredModule> NotMeasured { get; }

    private static string Describe(string modelType, IReadOnlyList<UnmeasuredModule> notMeasured)
    {
        string head = $"Inspect measured no module of model {modelType}: no hook fired during its forward pass, so there is nothing to judge";
        if (notMeasured.Count == 0)
        {
            return head + "; the model has no module with parameters to inspect.";
        }

        string list = string.Join("; ", notMeasured.Select(m => $"'{m.Module}' ({m.ModuleType}): {m.Reason}"));
        string advice = notMeasured.Any(m => m.Reason == UnmeasuredModule.NotCalledReason)
            ? $" In {modelType}.forward, run each submodule through call(x), not forward(x) (e.g. _conv.call(x), as nn.Sequential does)."
            : string.Empty;
        return $"{head}. Not measured: {list}.{advice}";
    }
}
