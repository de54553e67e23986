using System.Globalization;
using WeightInit.Experiments.Reproduction;
using WeightInit.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace WeightInit.IntegrationTests.Documents;

/// <summary>
/// Q5.3 digit for digit (<c>reproduce --exact</c>): with PyTorch's draw order and seed 42 the documents' printed numbers
/// come out as printed. Compared as text, the way the documents print them (<c>{loss:.4f}</c>, <c>{acc:.2f}%</c>).
/// Q5.4 is not asserted: the documents print only its accuracies, and the PyTorch peer itself lands up to 0.02 points
/// away from them, so no exact run of Q5.4 is known.
/// </summary>
[Collection(DocumentsCollection.Name)]
public sealed class Q5_3_ExactReproductionTests(DocumentRuns runs, ITestOutputHelper output)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Q5_3_exact_all_40_printed_epoch_losses_come_out_as_printed_to_4_decimals()
    {
        var result = await ExactQ53Run.GetAsync(runs);
        var compared = new List<string>();
        var different = new List<string>();
        foreach (var (method, printed) in DocumentReference.Q53Loss)
        {
            var epochs = result.Runs.Single(r => r.Initialization == method).Epochs;
            epochs.Should().HaveCount(printed.Length, $"{method} trains the documents' 10 epochs");
            for (int e = 0; e < printed.Length; e++)
            {
                string ours = epochs[e].TrainLoss.ToString("F4", Inv), theirs = printed[e].ToString("F4", Inv);
                compared.Add($"{method} epoch {e + 1}: {ours} (documents {theirs}; ours unrounded {epochs[e].TrainLoss:R})");
                if (ours != theirs)
                {
                    different.Add(compared[^1]);
                }
            }
        }

        compared.ForEach(output.WriteLine);
        compared.Should().HaveCount(40);
        different.Should().BeEmpty("every printed Q5.3 loss should come out as printed");
    }

    [Fact]
    public async Task Q5_3_exact_every_printed_test_accuracy_comes_out_as_printed_to_2_decimals()
    {
        var result = await ExactQ53Run.GetAsync(runs);
        var printed = DocumentReference.DocumentAccuracy["Q5.3"];
        var ours = printed.Keys.ToDictionary(m => m, m => (result.Runs.Single(r => r.Initialization == m).Epochs[^1].TestAccuracy!.Value * 100).ToString("F2", Inv));
        foreach (var (method, value) in printed)
        {
            output.WriteLine($"{method}: {ours[method]} % (documents {value.ToString("F2", Inv)} %)");
        }

        ours.Should().Equal(printed.ToDictionary(p => p.Key, p => p.Value.ToString("F2", Inv)));
    }
}
