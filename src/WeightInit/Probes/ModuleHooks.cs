using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>
/// Forward hooks (<c>register_forward_hook</c>) on chosen submodules for the length of a <c>using</c>: every hook is
/// removed on <see cref="Dispose"/>, so later forward passes run no probe code and keep no tensors. Hooks run only when a
/// module is invoked through <c>call</c> (as <c>Sequential</c> and the library's models do), not through <c>forward</c>.
/// </summary>
internal sealed class ModuleHooks : IDisposable
{
    private readonly List<Action> _removers = [];

    private ModuleHooks()
    {
    }

    /// <summary>Hooks <paramref name="onOutput"/>(name, module, output) onto every selected submodule with a tensor → tensor forward.</summary>
    public static ModuleHooks OnOutputs(nn.Module root, Func<string, nn.Module, bool> select, Action<string, nn.Module, Tensor> onOutput)
    {
        var hooks = new ModuleHooks();
        foreach (var (name, module) in root.named_modules())
        {
            if (module is nn.Module<Tensor, Tensor> typed && select(name, module))
            {
                var remover = typed.register_forward_hook((m, _, output) =>
                {
                    onOutput(name, m, output);
                    return output;
                });
                hooks._removers.Add(remover.remove);
            }
        }

        return hooks;
    }

    /// <summary>Hooks <paramref name="onCall"/>(name) as a forward pre-hook on every selected submodule (to learn the forward order).</summary>
    public static ModuleHooks OnCalls(nn.Module root, Func<string, nn.Module, bool> select, Action<string> onCall)
    {
        var hooks = new ModuleHooks();
        foreach (var (name, module) in root.named_modules())
        {
            if (module is nn.Module<Tensor, Tensor> typed && select(name, module))
            {
                var remover = typed.register_forward_pre_hook(_ => onCall(name));
                hooks._removers.Add(remover.remove);
            }
        }

        return hooks;
    }

    /// <summary>Whether <paramref name="module"/> is an elementwise activation module.</summary>
    public static bool IsActivation(nn.Module module) => module is Tanh or ReLU or LeakyReLU or Sigmoid or SELU or GELU or ELU or CELU or SiLU
        or Mish or Softplus or Hardtanh or ReLU6 or Hardswish or Hardsigmoid or PReLU or Identity;

    /// <summary>Whether <paramref name="module"/> owns parameters itself and has no submodules (a leaf layer).</summary>
    public static bool IsLeafWithParameters(nn.Module module) => !module.children().Any() && module.named_parameters(recurse: false).Any();

    /// <summary>The default probe selection: every leaf with parameters and every activation module.</summary>
    public static bool DefaultSelection(string name, nn.Module module) => IsLeafWithParameters(module) || IsActivation(module);

    /// <summary>Removes every hook.</summary>
    public void Dispose()
    {
        foreach (var remove in _removers)
        {
            remove();
        }

        _removers.Clear();
    }
}
