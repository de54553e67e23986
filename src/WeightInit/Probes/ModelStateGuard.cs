using WeightInit.Internal;
using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>
/// Remembers every module's training flag and a copy of every buffer (batch-norm running statistics, step counters) and puts
/// them back on <see cref="Dispose"/>, so a diagnostic pass leaves the model as it found it.
/// </summary>
internal sealed class ModelStateGuard : IDisposable
{
    private readonly ModuleModes _modes;
    private readonly List<(Tensor Buffer, Tensor Saved)> _buffers = [];

    public ModelStateGuard(nn.Module model)
    {
        _modes = ModuleModes.Remember(model);

        using var noGrad = no_grad();
        foreach (var (_, buffer) in model.named_buffers())
        {
            var saved = buffer.detach().clone();
            saved.DetachFromDisposeScope();
            _buffers.Add((buffer, saved));
        }
    }

    public void Dispose()
    {
        using (no_grad())
        {
            foreach (var (buffer, saved) in _buffers)
            {
                buffer.copy_(saved);
                saved.Dispose();
            }
        }

        _buffers.Clear();
        _modes.Dispose();
    }
}
