using static TorchSharp.torch;

namespace WeightInit.Internal;

/// <summary>
/// Every module's training flag (the model's own and each descendant's), put back on <see cref="Dispose"/>. Flags are
/// restored parent first, so a submodule the user had put in evaluation mode inside a training model stays so.
/// </summary>
internal sealed class ModuleModes : IDisposable
{
    private readonly List<(nn.Module Module, bool Training)> _modes = [];

    private ModuleModes(nn.Module model)
    {
        _modes.Add((model, model.training));
        foreach (var (_, module) in model.named_modules())
        {
            _modes.Add((module, module.training));
        }
    }

    /// <summary>Remembers the flags of <paramref name="model"/> and its descendants, then leaves them as they are.</summary>
    public static ModuleModes Remember(nn.Module model) => new(model);

    /// <summary>
    /// Remembers the flags, then puts the whole model in evaluation mode (dropout off, batch norm using and not updating its
    /// running statistics), as PyTorch's <c>model.eval()</c> before measuring validation or test accuracy.
    /// </summary>
    public static ModuleModes Evaluation(nn.Module model)
    {
        var modes = new ModuleModes(model);
        model.eval();
        return modes;
    }

    /// <summary>Puts every remembered flag back.</summary>
    public void Dispose()
    {
        foreach (var (module, training) in _modes)
        {
            module.train(training);
        }

        _modes.Clear();
    }
}
