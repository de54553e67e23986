namespace WeightInit.Probes;

/// <summary>One layer's statistics at a probed training step (Glorot &amp; Bengio 2010, Figures 6–7).</summary>
/// <param name="Layer">Linear layer, 1-based (the last is the output layer).</param>
/// <param name="WeightMean">Mean of <c>Wℓ</c> before the step's update.</param>
/// <param name="WeightStd">Std of <c>Wℓ</c> before the update.</param>
/// <param name="WeightGradientStd">Std of <c>∂loss/∂Wℓ</c>.</param>
/// <param name="ActivationGradientStd">Std of the back-propagated gradient <c>∂loss/∂sℓ</c> w.r.t. the layer's pre-activation <c>sℓ = hℓ₋₁Wℓᵀ + bℓ</c> (loss = batch mean).</param>
public sealed record LayerGradientStats(int Layer, double WeightMean, double WeightStd, double WeightGradientStd, double ActivationGradientStd);

/// <summary>Every layer's statistics at one probed step.</summary>
/// <param name="Step">Global step (1-based) whose gradients were measured.</param>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Layers">One entry per linear layer.</param>
public sealed record ProbeSnapshot(int Step, int Epoch, IReadOnlyList<LayerGradientStats> Layers);

/// <summary>A weight histogram of one linear layer.</summary>
/// <param name="Layer">Linear layer, 1-based.</param>
/// <param name="Histogram">Counts; the range is the same before and after training: ±the largest finite |W| before or after (±1 when W is 0 throughout), so no finite weight falls outside the bins.</param>
public sealed record LayerWeightHistogram(int Layer, Histogram Histogram);
