using WeightInit.IntegrationTests.Fixtures;
using WeightInit.Models;
using Xunit.Abstractions;

namespace WeightInit.IntegrationTests.Documents;

/// <summary>Q5.3 "Training dynamics": the Tanh network, each initialization, 10 epochs (see <see cref="Q5TrainingSpec"/>).</summary>
[Collection(DocumentsCollection.Name)]
public sealed class Q5_3_TanhTrainingTests(DocumentRuns runs, ITestOutputHelper output)
{
    [Fact]
    public async Task Q5_3_zero_init_scores_exactly_11_35_percent_by_answering_1_for_every_test_image() =>
        Q5TrainingSpec.ZeroInitAnswers1ForEveryTestImage(runs, await runs.Q5Async(Activation.Tanh));

    [Fact]
    public async Task Q5_3_zero_init_keeps_every_weight_exactly_0_and_only_the_output_bias_learns_the_class_prior() =>
        Q5TrainingSpec.ZeroInitKeepsEveryWeightExactly0(runs, await runs.Q5Async(Activation.Tanh));

    [Fact]
    public async Task Q5_3_small_random_stays_below_20_percent() =>
        Q5TrainingSpec.SmallRandomStaysBelow20Percent(await runs.Q5Async(Activation.Tanh));

    [Fact]
    public async Task Q5_3_xavier_and_he_reach_at_least_96_percent() =>
        Q5TrainingSpec.XavierAndHeReachAtLeast96Percent(await runs.Q5Async(Activation.Tanh), output.WriteLine);
}
