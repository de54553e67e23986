namespace WeightInit.Data;

/// <summary>
/// Converts pixel bytes to features through a 256-entry table, so every <see cref="PixelScaling"/> costs one
/// lookup per pixel. Each entry is computed in float32 in the same order as torchvision's transforms
/// (<c>ToTensor</c>: <c>x / 255</c>; <c>Normalize</c>: <c>(x − mean) / std</c>), so values match PyTorch bit for bit.
/// </summary>
internal static class PixelScalingTable
{
    public const float MnistMean = 0.1307f;
    public const float MnistStd = 0.3081f;

    public static float[] For(PixelScaling scaling)
    {
        var table = new float[256];
        for (int b = 0; b < 256; b++)
        {
            float unit = b / 255f;
            table[b] = scaling switch
            {
                PixelScaling.UnitInterval => unit,
                PixelScaling.Raw => b,
                PixelScaling.HalfShifted => (unit * 0.5f) + 0.5f,
                PixelScaling.Standardized => (unit - MnistMean) / MnistStd,
                _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "unknown PixelScaling; expected UnitInterval, Raw, HalfShifted or Standardized"),
            };
        }

        return table;
    }

    public static float[] Convert(ReadOnlySpan<byte> pixels, PixelScaling scaling)
    {
        float[] table = For(scaling);
        var features = GC.AllocateUninitializedArray<float>(pixels.Length);
        for (int i = 0; i < pixels.Length; i++)
        {
            features[i] = table[pixels[i]];
        }

        return features;
    }
}
