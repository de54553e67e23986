using static TorchSharp.torch;

namespace WeightInit.Probes;

/// <summary>
/// Remembers every module's training flag and a copy of every buffer (batch-norm running statistics, step counters) and puts
/// them back on <see cref="Dispose"/>, so a diagnostic pass leaves the model as it found it.
/// </summary>
internal sealed class ModelStateGuard : IDisposable
{
    private readonly List<(nn.Module Module, bool Training)> _modes = [];
    private readonly List<(Tensor Buffer, Tensor Saved)> _buffers = [];

    public ModelStateGuard(nn.Module model)
    {
        _modes.Add((model, model.training));
        foreach (var (_, module) in model.named_modules())
        {
            _modes.Add((module, module.training));
        }

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
        foreach (var (module, training) in _modes)
        {
            module.train(training);
        }

        _modes.Clear();
    }
}
