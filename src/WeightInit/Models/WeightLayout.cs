namespace WeightInit.Models;

/// <summary>How a weight initializer's draws are laid out in a <c>Linear</c> weight.</summary>
public enum WeightLayout
{
    /// <summary>Fill the weight in PyTorch's layout <c>[out, in]</c> directly (what <c>torch.nn.init</c> does).</summary>
    OutIn,

    /// <summary>
    /// Fill a <c>[in, out]</c> matrix (fans <c>(in, out)</c>) and store its transpose: the documents'
    /// <c>m.weight.data = initialize_weights((in, out), method).t()</c>. Same distribution, different order of
    /// draws — use it to reproduce the documents' tensors from the same generator state.
    /// </summary>
    InOutTransposed,
}
