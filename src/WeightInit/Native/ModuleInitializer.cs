using System.Runtime.CompilerServices;

namespace WeightInit.Native;

/// <summary>Covers code that reaches WeightInit before TorchSharp (the consumer-side bootstrap covers the rest).</summary>
internal static class WeightInitModuleInitializer
{
#pragma warning disable CA2255 // must run before the first TorchSharp call, which may come from this assembly
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => TorchSharpNative.Bootstrap();
}
