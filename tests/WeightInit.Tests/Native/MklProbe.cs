using System.Text.Json;
using WeightInit.Native;
using static TorchSharp.torch;

namespace WeightInit.Tests.Native;

/// <summary>
/// What a process sees of MKL's vendor check, plus one GEMM and one SGD step of a small Tanh MLP computed from fixed
/// seeds: run in the test process and, with <c>WEIGHTINIT_MKL_FIX=0</c>, in a child process, so the two paths can be compared.
/// </summary>
internal sealed record MklProbe(
    MklVendorOverrideState State,
    string? ObjectPath,
    string? GlobalSymbolFile,
    int? GlobalSymbolReturns,
    int? DispatchCode,
    float[] Gemm,
    double GemmErrorScale,
    float Loss,
    float[] FirstWeightsAfterStep)
{
    public const string Mode = "mkl-probe";
    public const int K = 784;

    public static MklProbe Measure()
    {
        TorchSharpNative.TryEnsureLoaded();
        var status = TorchSharpNative.MklVendorOverride!;
        var (gemm, absSum) = ComputeGemm();
        var (loss, weights) = SgdStep();
        var dl = Dl.Instance;
        IntPtr global = dl.Symbol(IntPtr.Zero, MklVendorPatch.Symbol);
        int? returns = global == IntPtr.Zero ? null : System.Runtime.InteropServices.Marshal.GetDelegateForFunctionPointer<Dl.IntFunction>(global)();
        return new(status.State, status.ObjectPath, global == IntPtr.Zero ? null : dl.FileOf(global), returns, MklVendorPatch.DispatchCode(), gemm, absSum, loss, weights);
    }

    public static int WriteTo(string path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(Measure()));
        return 0;
    }

    public static MklProbe Read(string path) => JsonSerializer.Deserialize<MklProbe>(File.ReadAllText(path))!;

    /// <summary>A 256×784 · 784×128 product of N(0, 1) matrices on one thread, and the largest Σₖ|aᵢₖ||bₖⱼ| over the outputs (the scale of any summation order's rounding error).</summary>
    private static (float[] Product, double AbsSum) ComputeGemm()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        int threads = get_num_threads();
        set_num_threads(1);
        var a = empty(256, K).normal_(0, 1, generator);
        var b = empty(K, 128).normal_(0, 1, generator);
        var product = a.mm(b).data<float>().ToArray();
        set_num_threads(threads);
        double absSum = a.abs().to_type(ScalarType.Float64).mm(b.abs().to_type(ScalarType.Float64)).max().item<double>();
        return (product, absSum);
    }

    /// <summary>One SGD step (lr 0.1) of a 784-256-256-10 Tanh MLP on 128 random inputs; the loss and the first layer's weights after it.</summary>
    private static (float Loss, float[] Weights) SgdStep()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(12);
        var model = nn.Sequential(nn.Linear(K, 256), nn.Tanh(), nn.Linear(256, 256), nn.Tanh(), nn.Linear(256, 10));
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.normal_(0, 0.05, generator);
            }
        }

        var x = empty(128, K).uniform_(0, 1, generator);
        var y = randint(0, 10, [128], generator: generator);
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var loss = nn.functional.cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return (loss.item<float>(), model.parameters().First().data<float>().ToArray());
    }
}
