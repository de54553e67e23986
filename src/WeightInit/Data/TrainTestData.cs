namespace WeightInit.Data;

/// <summary>A data set's training and test splits, in memory, with the files they were read from. Dispose it to free both.</summary>
/// <param name="Train">The training split (60,000 images for MNIST).</param>
/// <param name="Test">The test split (10,000 images for MNIST).</param>
/// <param name="Files">The verified files and the source that supplied them.</param>
public sealed record TrainTestData(LabeledDataset Train, LabeledDataset Test, DatasetFiles Files) : IDisposable
{
    /// <summary>Frees both splits' native tensors.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
