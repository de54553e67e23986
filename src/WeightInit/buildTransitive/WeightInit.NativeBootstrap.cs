// Added to your project by the WeightInit package (buildTransitive/WeightInit.targets).
// Runs before any of your code so that TorchSharp's native library loads on Linux hosts whose
// libstdc++ predates GCC 13. Set <WeightInitNativeBootstrap>false</WeightInitNativeBootstrap> to opt out.
namespace WeightInit.Generated
{
    internal static class WeightInitNativeBootstrap
    {
#pragma warning disable CA2255 // a module initializer is the only hook that runs before user code
        [global::System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
        internal static void Initialize() => global::WeightInit.Native.TorchSharpNative.Bootstrap();
    }
}
