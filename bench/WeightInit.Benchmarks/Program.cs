using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: TorchSharp's native bootstrap is already wired into this executable, and a short job keeps the
// 'epoch' and 'memory' run the whole-epoch measurements of EpochProfile instead.
// run to a few minutes on a shared 2-core machine. Pass BenchmarkDotNet options after "--", e.g. --filter '*Fill*'.
if (args.Length > 0 && args[0] == "fma")
{
    return FmaPeak.Run(3);
}

if (args.Length > 0 && args[0] is "epoch" or "memory")
{
    return await EpochProfile.RunAsync(args);
}

var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
