using WeightInit.Training;
using static TorchSharp.torch;

namespace WeightInit.Tests.TestDoubles;

/// <summary>Receives progress on the reporting thread (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
internal sealed class SyncProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => onReport(value);
}

/// <summary>Tensors a test collects and frees at the end of a <c>using</c>.</summary>
internal sealed class DisposeList : List<Tensor>, IDisposable
{
    public void Dispose() => ForEach(t => t.Dispose());
}
