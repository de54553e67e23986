using System.Runtime.InteropServices;
using WeightInit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Experimenting;

/// <summary>
/// What <see cref="ExperimentBuilder.Build"/> checks on one model made by the factory, so that a model or a scheme that
/// cannot run fails there with a sentence instead of in the middle of <see cref="Experiment.RunAsync"/> with native frames:
/// the factory runs, a zero batch of the declared input shape goes through the model and gives logits
/// <c>[N, C]</c> with at least as many classes as the data, and every scheme applies to the model (fills included).
/// </summary>
internal static class ModelDryRun
{
    /// <summary>Examples in the zero batch (two, so batch normalization in training mode could also run).</summary>
    private const int Examples = 2;

    /// <summary>Builds a model with <paramref name="generator"/>, or adds why not to <paramref name="problems"/>.</summary>
    public static nn.Module<Tensor, Tensor>? Create(ModelDefinition definition, Generator generator, List<string> problems, List<Exception> causes)
    {
        try
        {
            return definition.Create(generator);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"the factory of model '{definition.Name}' threw {e.GetType().Name}: {FirstLine(e)}");
            causes.Add(e);
            return null;
        }
    }

    /// <summary>Runs a zero batch <c>[2, inputShape…]</c> through <paramref name="model"/> (evaluation mode, no gradient) and checks the logits.</summary>
    public static void CheckForward(ModelDefinition definition, nn.Module<Tensor, Tensor> model, int classes, List<string> problems, List<Exception> causes)
    {
        long[] shape = [Examples, .. definition.InputShape];
        string input = $"[{string.Join(", ", shape)}]";
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        Tensor output;
        try
        {
            output = model.call(zeros(shape));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"model '{definition.Name}' cannot run a batch {input} of its declared input shape [{string.Join(", ", definition.InputShape)}]: " +
                $"{e.GetType().Name}: {FirstLine(e)}. Declare the shape one example has as the model takes it (e.g. [1, 28, 28] for a CNN on MNIST, [784] for an MLP)");
            causes.Add(e);
            return;
        }

        if (output.dim() != 2 || output.shape[0] != Examples)
        {
            problems.Add($"model '{definition.Name}' must return logits [N, classes]; on a batch {input} it returned [{string.Join(", ", output.shape)}]");
        }
        else if (classes > 0 && output.shape[1] < classes)
        {
            problems.Add($"model '{definition.Name}' outputs {output.shape[1]} logits per example but the data has {classes} classes; give the output layer {classes} units");
        }
    }

    /// <summary>Applies every scheme once to <paramref name="model"/> (fills included) and describes it, or adds why it does not fit.</summary>
    public static SchemeDescription[] ApplySchemes(ModelDefinition definition, nn.Module<Tensor, Tensor> model, IEnumerable<InitializationScheme> schemes, List<string> problems, List<Exception> causes)
    {
        using var generator = new Generator(0);
        var descriptions = new List<SchemeDescription>();
        foreach (var scheme in schemes)
        {
            try
            {
                descriptions.Add(scheme.Describe(model));
                scheme.Apply(model, generator);
            }
            catch (ArgumentException e)
            {
                problems.Add($"initialization '{scheme.Name}' does not fit model '{definition.Name}': {e.Message}");
                causes.Add(e);
            }
        }

        return descriptions.ToArray();
    }

    private static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim().TrimEnd('.');
}
