using System.Diagnostics;
using System.Runtime.InteropServices;
using WeightInit.Native;

namespace WeightInit.Tests.Native;

/// <summary>
/// oneMKL inside libtorch picks its kernels by instruction set on AMD x86-64 Linux (the vendor override), stays on
/// its own choice when opted out, and both paths compute the same numbers up to float rounding.
/// </summary>
public sealed class MklVendorOverrideTests : IDisposable
{
    private static readonly Lazy<MklProbe> OptedOutChild = new(RunOptedOutChild);
    private readonly string _root = Directory.CreateTempSubdirectory("weightinit-mkl-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static bool OverrideWanted =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && MklVendorPatch.Cpu().Vendor == "AuthenticAMD";

    [Fact]
    public void The_emitted_object_is_an_x86_64_shared_object_exporting_one_function_that_returns_1()
    {
        string path = MklVendorPatch.WriteObject([_root]);

        string header = Tool("readelf", $"-W -h -l --dyn-syms \"{path}\"");
        header.Should().Contain("DYN (Shared object file)").And.Contain("Advanced Micro Devices X86-64");
        header.Should().MatchRegex(@"FUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+mkl_serv_intel_cpu_true", "the symbol is a global function defined in the object");
        header.Should().MatchRegex(@"GNU_STACK(\s+0x0+){5}\s+RW\s", "the stack is not made executable");
        header.Should().NotContain("Warning").And.NotContain("Error");
        string code = Tool("objdump", $"-d \"{path}\"");
        code.Should().MatchRegex(@"<mkl_serv_intel_cpu_true>:\s+\S+:\s+b8 01 00 00 00\s+mov\s+\$0x1,%eax\s+\S+:\s+c3\s+ret");
    }

    [Fact]
    public void The_emitted_object_loads_with_dlopen_and_its_function_returns_1()
    {
        string path = MklVendorPatch.WriteObject([_root]);
        var dl = Dl.Instance;

        IntPtr handle = dl.Open(path, 0x2); // RTLD_NOW | RTLD_LOCAL: a second copy that cannot interpose
        handle.Should().NotBe(IntPtr.Zero, dl.LastError());
        IntPtr function = dl.Symbol(handle, MklVendorPatch.Symbol);

        function.Should().NotBe(IntPtr.Zero);
        Marshal.GetDelegateForFunctionPointer<Dl.IntFunction>(function)().Should().Be(1);
        dl.FileOf(function).Should().Be(path);
    }

    [Fact]
    public void The_object_is_content_addressed_written_atomically_and_reused()
    {
        string first = MklVendorPatch.WriteObject([_root]);
        var written = File.GetLastWriteTimeUtc(first);
        string second = MklVendorPatch.WriteObject([_root]);

        second.Should().Be(first);
        File.GetLastWriteTimeUtc(second).Should().Be(written);
        Path.GetFileName(Path.GetDirectoryName(first)).Should().MatchRegex("^mkl-[0-9a-f]{32}$");
        File.WriteAllBytes(first, [0x7f, 0x45]);
        MklVendorPatch.WriteObject([_root]);
        File.ReadAllBytes(first).Should().Equal(MklVendorPatch.Image(), "a damaged copy is replaced");
        Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public void On_AMD_Linux_the_override_is_active_in_this_process_and_elsewhere_nothing_is_done()
    {
        var probe = MklProbe.Measure();

        if (OverrideWanted)
        {
            probe.State.Should().Be(MklVendorOverrideState.Applied, TorchSharpNative.MklVendorOverride!.Message);
            probe.GlobalSymbolFile.Should().Be(probe.ObjectPath, "the global scope resolves MKL's vendor check into the override");
            probe.GlobalSymbolReturns.Should().Be(1);
            probe.DispatchCode.Should().BeGreaterThan(OptedOutChild.Value.DispatchCode!.Value, "MKL records a better code path than without the override");
        }
        else
        {
            probe.State.Should().Be(MklVendorOverrideState.NotApplicable);
            probe.ObjectPath.Should().BeNull();
        }
    }

    [Fact]
    public void Opted_out_the_override_is_inactive()
    {
        var child = OptedOutChild.Value;

        child.State.Should().Be(OverrideWanted ? MklVendorOverrideState.OptedOut : MklVendorOverrideState.NotApplicable);
        child.ObjectPath.Should().BeNull();
        child.GlobalSymbolFile.Should().NotBe(MklVendorPatch.WriteObject(TorchSharpNative.CacheRoots()), "nothing interposes MKL's vendor check");
        child.DispatchCode.Should().NotBeNull("libtorch's MKL is loaded and reports its code path");
    }

    [Fact]
    public void The_fast_and_the_plain_path_compute_the_same_GEMM_and_SGD_step_up_to_float_rounding()
    {
        var here = MklProbe.Measure();
        var plain = OptedOutChild.Value;

        // Any summation order of a length-K float32 dot product is within γ_K·Σ|aₖbₖ| of the exact value
        // (Higham, Accuracy and Stability of Numerical Algorithms, §3.1), γ_K = K·u / (1 − K·u), u = 2⁻²⁴; two orders
        // differ by at most twice that.
        double u = Math.Pow(2, -24);
        double gamma = MklProbe.K * u / (1 - (MklProbe.K * u));
        double bound = 2 * gamma * here.GemmErrorScale;
        here.Gemm.Should().HaveCount(plain.Gemm.Length);
        here.Gemm.Zip(plain.Gemm, (a, b) => (double)Math.Abs(a - b)).Max().Should().BeLessThanOrEqualTo(bound);

        // One step of a 3-layer net: forward and backward are chains of such products (K ≤ 784) through tanh, so the
        // loss (≈ 2.3) and the updated weights (≈ 0.05) agree to a few γ_K relative; 1e-4 relative on the loss and
        // 1e-6 absolute on the weights (lr 0.1 × gradients ≤ 0.01 × relative error ≤ 1e-3) leave a wide margin.
        here.Loss.Should().BeApproximately(plain.Loss, 1e-4f * MathF.Abs(plain.Loss));
        here.FirstWeightsAfterStep.Zip(plain.FirstWeightsAfterStep, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThanOrEqualTo(1e-6f);
    }

    private static MklProbe RunOptedOutChild()
    {
        string output = Path.Combine(Path.GetTempPath(), $"weightinit-mkl-probe-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(MklProbe).Assembly.Location);
        start.ArgumentList.Add(MklProbe.Mode);
        start.ArgumentList.Add(output);
        start.Environment[MklVendorPatch.OptOutVariable] = "0";
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"the child probe ran (stdout: {stdout}; stderr: {stderr})");
        try
        {
            return MklProbe.Read(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Tool(string name, string arguments)
    {
        var start = new ProcessStartInfo(name, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, output);
        return output;
    }
}
