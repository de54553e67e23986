using System.Collections;
using System.Reflection;
using static TorchSharp.torch;

namespace WeightInit.Tests.TestDoubles;

/// <summary>Counts the forward hooks registered on a module tree by reading TorchSharp's hook tables (protected fields of HookableModule).</summary>
internal static class Hooks
{
    private static readonly string[] Tables = ["pre_hooks", "post_hooks", "module_pre_hooks", "module_post_hooks"];

    public static int Count(nn.Module root) => root.modules().Prepend(root).Sum(CountOne);

    private static int CountOne(nn.Module module)
    {
        int total = 0;
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            foreach (string table in Tables)
            {
                var field = type.GetField(table, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
                if (field?.GetValue(module) is ICollection hooks)
                {
                    total += hooks.Count;
                }
            }
        }

        return total;
    }
}
