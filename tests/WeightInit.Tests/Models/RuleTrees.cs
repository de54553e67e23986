using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Tests.Models;

/// <summary>Hand-built module trees the rule tests match against (built with TorchSharp's own modules).</summary>
internal static class RuleTrees
{
    /// <summary>encoder (a nested Sequential of two Linear), a LayerNorm, a BatchNorm1d and a Linear head: 3 layers by position (norms do not count).</summary>
    public static Sequential Encoder() => nn.Sequential(
        ("encoder", nn.Sequential(("0", nn.Linear(8, 16)), ("1", nn.Tanh()), ("2", nn.Linear(16, 16)))),
        ("norm", nn.LayerNorm(16)),
        ("bn", nn.BatchNorm1d(16)),
        ("head", nn.Linear(16, 4)));

    /// <summary>A module with a 2-layer LSTM and a Linear readout.</summary>
    public sealed class Recurrent : nn.Module<Tensor, Tensor>
    {
        private readonly LSTM _lstm;
        private readonly Linear _readout;

        public Recurrent() : base(nameof(Recurrent))
        {
            _lstm = nn.LSTM(4, 6, numLayers: 2);
            _readout = nn.Linear(6, 3);
            register_module("lstm", _lstm);
            register_module("readout", _readout);
        }

        public override Tensor forward(Tensor input) => _readout.call(_lstm.call(input, null).Item1);
    }

    /// <summary>A user module owning a parameter no built-in kind knows (a learnable per-feature scale).</summary>
    public sealed class Scaled : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _linear;
        private readonly Parameter _scale;

        public Scaled() : base(nameof(Scaled))
        {
            _linear = nn.Linear(5, 5);
            _scale = new Parameter(full(5, 0.75f));
            register_module("linear", _linear);
            register_parameter("scale", _scale);
        }

        public Parameter Scale => _scale;

        public override Tensor forward(Tensor input) => _linear.call(input).mul(_scale);
    }
}
