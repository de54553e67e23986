using WeightInit.Experiments.Cli;
using WeightInit.Tests.Snapshots;

namespace WeightInit.Tests.Cli;

/// <summary>The command line's contract: help text, exit codes, and one-line errors that name the option.</summary>
public sealed class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await WeightInitCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("root")]
    [InlineData("reproduce")]
    [InlineData("init")]
    [InlineData("stats")]
    [InlineData("train")]
    [InlineData("inspect")]
    [InlineData("sweep")]
    [InlineData("sweep merge")]
    [InlineData("study depth")]
    [InlineData("study depth merge")]
    [InlineData("data fetch")]
    public async Task Every_command_has_help_and_it_matches_the_approved_text(string command)
    {
        string[] args = command == "root" ? ["--help"] : [.. command.Split(' '), "--help"];

        var (code, output, _) = await Run(args);

        code.Should().Be(ExitCodes.Ok);
        Snapshot.Match(output, command.Replace(' ', '-'));
    }

    [Theory]
    [InlineData("--seeds", "reproduce --seeds 0", "--seeds must be between 1 and 100; got 0")]
    [InlineData("--dataset", "reproduce --dataset cifar", "cifar")]
    [InlineData("--scaling", "reproduce --scaling x255", "x255")]
    [InlineData("--threads", "train --threads 0", "--threads must be between 1 and 256; got 0")]
    [InlineData("--method", "init --method kaiming_sideways", "unknown initializer 'kaiming_sideways'")]
    [InlineData("--shape", "init --shape 784,-3", "--shape takes comma-separated integers >= 1; got '-3'")]
    [InlineData("--shape", "init --method he --shape 3,4,5", "exactly 2 dimensions (fan_in, fan_out); got [3, 4, 5]")]
    [InlineData("--activation", "stats --activation swish", "swish")]
    [InlineData("--inits", "stats --inits xavier,bogus", "unknown initializer 'bogus'")]
    [InlineData("--hidden", "train --hidden 0x5 --epochs 1", "--hidden: expected WIDTHxCOUNT")]
    [InlineData("--lr", "train --lr -1", "--lr expects a positive number up to 1000; got '-1'")]
    [InlineData("--validation", "train --validation 1.5", "--validation expects a fraction in [0, 1); got '1.5'")]
    [InlineData("--shard", "sweep --shard 4/4", "0 <= i < n")]
    [InlineData("--shard", "sweep --shards 3", "--shards 3 needs an index")]
    [InlineData("--out", "sweep merge --out /nonexistent/folder", "folder '/nonexistent/folder' does not exist")]
    [InlineData("--model", "inspect --model rnn", "rnn")]
    [InlineData("--init", "inspect --init he,bogus", "unknown initializer 'bogus'")]
    [InlineData("--depth", "inspect --depth 0", "--depth must be between 1 and 100; got 0")]
    [InlineData("--depth", "inspect --hidden 256x5 --depth 20", "--depth 20 needs a single --hidden width (e.g. --hidden 256 --depth 20); got --hidden '256x5'")]
    [InlineData("--depth", "train --hidden 64x2 --depth 3", "--depth 3 needs a single --hidden width (e.g. --hidden 256 --depth 20); got --hidden '64x2'")]
    [InlineData("--init", "train --inits he,bogus", "unknown initializer 'bogus'")]
    [InlineData("--inits", "sweep --init he,bogus", "unknown initializer 'bogus'")]
    [InlineData("--batch", "inspect --batch 1", "--batch must be between 2 and 60000; got 1")]
    [InlineData("--seed", "inspect --seed -4", "--seed must be between 0 and")]
    [InlineData("--activation", "inspect --activation swish", "swish")]
    [InlineData("unknown", "reproduce --quik", "--quik")]
    [InlineData("--shape", "init --method zero --shape 100000,100000", "--shape: 100000,100000 has 10,000,000,000 values; drawing them and computing their statistics needs about 360.0 GB")]
    [InlineData("--layout", "init --method dirac --shape 784,256", "--layout: dirac fills convolution kernels of rank 3, 4 or 5 in PyTorch's [out, in, k...] layout, which --layout in-out (2-D [fan_in, fan_out] only) cannot express; pass --layout out-in with such a shape (e.g. --shape 16,16,3,3); got --layout in-out --shape 784,256")]
    [InlineData("--shape", "init --method dirac --layout out-in --shape 784,256", "--shape: dirac needs a tensor of rank 3 or 4 or 5; got shape [784, 256] (rank 2) (--shape 784,256 with --layout out-in)")]
    [InlineData("--shape", "init --method orthogonal --layout out-in --shape 5", "--shape: orthogonal needs a tensor of rank ≥ 2; got shape [5]")]
    [InlineData("--init", "inspect --init dirac", "--init: 'dirac' cannot initialize 784-256x5-10 relu: scheme 'dirac': rule 'every weight' cannot fill linear0.weight [256, 784]")]
    [InlineData("--hidden", "stats --hidden 100000x100", "--hidden: '100000x100' has 990,089,400,010 parameters; a forward pass on one batch needs about 3960.4 GB (the weights)")]
    [InlineData("--method", "init --method sparse(sparsity=2)", "--method: 'sparse(sparsity=2)': sparsity must lie in [0, 1); got 2 (see --help)")]
    [InlineData("--batch", "inspect --model conv --channels 1024 --depth 100 --batch 60000", "--batch: 60000 images through conv3x3x1024-d100 relu (160,565,018 activations an image, besides weights and gradients) need about 77078.7 GB to run forward and backward")]
    [InlineData("--init", "stats --inits dirac", "--init: 'dirac' cannot initialize 784-256x5-10 tanh")]
    [InlineData("--hidden", "inspect --hidden 100000x100", "--hidden: '100000x100' has 990,089,400,010 parameters; a forward and backward pass on one batch needs about 7920.7 GB (weights and gradients)")]
    public async Task Bad_arguments_exit_2_with_one_line_naming_the_option_and_the_value(string option, string commandLine, string expected)
    {
        var (code, output, error) = await Run(commandLine.Split(' '));

        code.Should().Be(ExitCodes.BadArguments, $"'{commandLine}' is a usage error");
        error.TrimEnd().Should().NotContain("\n", "the error is one line").And.Contain(expected).And.StartWith("weightinit: ");
        if (option.StartsWith("--", StringComparison.Ordinal))
        {
            error.Should().Contain(option);
        }

        output.Should().BeEmpty("nothing ran");
    }

    [Fact]
    public void A_libtorch_error_is_reported_in_one_line_without_its_native_stack()
    {
        // The shape of the message TorchSharp's ExternalException carries when libtorch's allocator fails.
        const string native = "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 40000000000 bytes. Error code 12 (Cannot allocate memory)\n"
            + "frame #0: c10::ThrowEnforceNotMet(char const*, int, char const*) + 0x68 (0x7f7da9146fc8 in /x/libc10.so)\n"
            + "frame #1: c10::alloc_cpu(unsigned long) + 0x358 (0x7f7da9132148 in /x/libc10.so)\n";

        UsageException.OneLine(native).Should().Be("[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 40000000000 bytes. Error code 12 (Cannot allocate memory)");
        UsageException.OneLine("the experiment is not valid (2 problems):\n- a\n- b (Parameter 'x')").Should().Be("the experiment is not valid (2 problems): - a - b");
    }

    [Fact]
    public async Task Init_prints_the_sample_statistics_next_to_the_formula()
    {
        var (code, output, _) = await Run("init", "--method", "xavier", "--shape", "784,256", "--seed", "42");

        code.Should().Be(ExitCodes.Ok);
        output.Should().Contain("shape [784, 256], fan_in 784, fan_out 256, seed 42, 200704 values");
        output.Should().MatchRegex(@"\| std\s+\|\s+0\.04[34]\d\d \|\s+0\.04385 \|", "Xavier's std is sqrt(2/1040) = 0.04385 and 200 704 draws land within 0.5 %");
    }

    [Fact]
    public async Task Init_list_shows_every_initializer_name()
    {
        var (code, output, _) = await Run("init", "--list");

        code.Should().Be(ExitCodes.Ok);
        foreach (string name in WeightInit.Initializers.Initializer.Names)
        {
            output.Should().Contain(name);
        }
    }
}
