using TorchSharp;
using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.Training;

/// <summary>
/// The trainer's own update rules against TorchSharp's optim.SGD / optim.Adam (PyTorch's rules) on one thread, where
/// TorchSharp's temporary-scalar hazard does not show: five steps on a small linear model, same gradients fed to both.
/// </summary>
public sealed class ParameterUpdateTests
{
    public static TheoryData<string> Specs() => ["sgd", "sgd_momentum", "sgd_nesterov_decay", "adam", "adam_decay"];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Updates_follow_torchsharp_optimizers_bit_for_bit(string name)
    {
        (OptimizerSpec spec, Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> reference) = name switch
        {
            "sgd" => (OptimizerSpec.Sgd(0.1), p => optim.SGD(p, 0.1)),
            "sgd_momentum" => (OptimizerSpec.Sgd(0.05, momentum: 0.9), p => optim.SGD(p, 0.05, 0.9)),
            "sgd_nesterov_decay" => (OptimizerSpec.Sgd(0.05, momentum: 0.8, weightDecay: 0.01, nesterov: true), p => optim.SGD(p, 0.05, 0.8, 0, 0.01, true)),
            "adam" => (OptimizerSpec.Adam(0.01), p => optim.Adam(p, 0.01)),
            _ => ((OptimizerSpec, Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>))(OptimizerSpec.Adam(0.01, weightDecay: 0.1), p => optim.Adam(p, 0.01, weight_decay: 0.1)),
        };
        using var ours = Model(7);
        using var theirs = Model(7);
        using var update = ParameterUpdate.Create(spec, ours.parameters());
        using var optimizer = reference(theirs.parameters());
        using var data = new Generator(11);
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn([16, 6], generator: data);
            var y = randint(0, 3, [16], generator: data);
            update.ZeroGrad();
            optimizer.zero_grad();
            nn.functional.cross_entropy(ours.forward(x), y).backward();
            nn.functional.cross_entropy(theirs.forward(x), y).backward();
            update.Step();
            optimizer.step();
        }

        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
        {
            a.data<float>().ToArray().Should().Equal(b.data<float>().ToArray(), $"{name} applies PyTorch's rule with the same float operations");
        }

        using var start = Model(7);
        start.parameters().First().data<float>().ToArray().Should().NotEqual(ours.parameters().First().data<float>().ToArray(), "the steps moved the weights");
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone()
    {
        using var model = Model(3);
        using var update = ParameterUpdate.Create(OptimizerSpec.Sgd(0.1, momentum: 0.9), model.parameters());
        var before = model.parameters().First().data<float>().ToArray();
        update.Step();
        model.parameters().First().data<float>().ToArray().Should().Equal(before);
    }

    private static nn.Module<Tensor, Tensor> Model(ulong seed)
    {
        var model = nn.Linear(6, 3);
        using var generator = new Generator(seed);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.normal_(0, 0.5, generator);
            }
        }

        return model;
    }
}
