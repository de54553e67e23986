using System.Globalization;
using WeightInit.Experimenting;
using WeightInit.Training;

namespace WeightInit.Experiments.Reproduction;

/// <summary>
/// Q5.3 of a <c>reproduce --exact</c> run against what the documents print: every epoch's mean training loss to 4
/// decimals and every test accuracy to 2 decimals, compared as the printed text. Q5.4 is not compared: the documents
/// print only its accuracies, and no run order found reproduces them exactly (the PyTorch peer lands within 0.02 points).
/// </summary>
/// <param name="LossesCompared">Printed losses that had a value of ours to compare with (40 in a full run).</param>
/// <param name="LossMismatches">Each loss that differs, e.g. <c>xavier epoch 7: 0.0656 (documents 0.0655)</c>.</param>
/// <param name="AccuraciesCompared">Printed accuracies that had a value of ours to compare with (4 in a full run).</param>
/// <param name="AccuracyMismatches">Each accuracy that differs, e.g. <c>he: 97.84 % (documents 97.85 %)</c>.</param>
public sealed record ExactComparison(int LossesCompared, IReadOnlyList<string> LossMismatches, int AccuraciesCompared, IReadOnlyList<string> AccuracyMismatches)
{
    /// <summary>Printed losses in Q5.3 (4 methods × 10 epochs).</summary>
    public const int PrintedLosses = 40;

    /// <summary>Printed accuracies in Q5.3.</summary>
    public const int PrintedAccuracies = 4;

    /// <summary>True when all 40 losses and all 4 accuracies were compared and every one equals the printed text.</summary>
    public bool IsExact => LossesCompared == PrintedLosses && AccuraciesCompared == PrintedAccuracies && LossMismatches.Count == 0 && AccuracyMismatches.Count == 0;

    /// <summary>Compares the Q5.3 experiment's first run of each method with <see cref="DocumentReference"/>; null when Q5.3 did not run.</summary>
    public static ExactComparison? Of(ReproducedExperiment? q53)
    {
        if (q53 is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var losses = new List<string>();
        var accuracies = new List<string>();
        int lossCount = 0, accuracyCount = 0;
        foreach (var (method, printed) in DocumentReference.Q53Loss)
        {
            var run = q53.Result.Runs.FirstOrDefault(r => r.Initialization == method);
            for (int e = 0; run is not null && e < Math.Min(printed.Length, run.Epochs.Count); e++)
            {
                lossCount++;
                string ours = run.Epochs[e].TrainLoss.ToString("F4", inv), theirs = printed[e].ToString("F4", inv);
                if (ours != theirs)
                {
                    losses.Add($"{method} epoch {e + 1}: {ours} (documents {theirs})");
                }
            }

            if (run?.Status == RunStatus.Completed && run.Epochs.Count > 0 && run.Epochs[^1].TestAccuracy is { } accuracy)
            {
                accuracyCount++;
                string ours = (accuracy * 100).ToString("F2", inv), theirs = DocumentReference.DocumentAccuracy["Q5.3"][method].ToString("F2", inv);
                if (ours != theirs)
                {
                    accuracies.Add($"{method}: {ours} % (documents {theirs} %)");
                }
            }
        }

        return new ExactComparison(lossCount, losses, accuracyCount, accuracies);
    }

    /// <summary>The report's sentence, e.g. "The documents were reproduced exactly, in C#: …".</summary>
    public string Sentence()
    {
        if (IsExact)
        {
            return $"**The documents were reproduced exactly, in C#:** with `--exact`, all {PrintedLosses} printed Q5.3 losses (4 decimals) " +
                $"and all {PrintedAccuracies} test accuracies (2 decimals) came out as printed.";
        }

        var differences = LossMismatches.Concat(AccuracyMismatches).ToArray();
        return $"**The documents were not reproduced exactly:** with `--exact`, {LossesCompared - LossMismatches.Count} of {PrintedLosses} printed Q5.3 losses " +
            $"and {AccuraciesCompared - AccuracyMismatches.Count} of {PrintedAccuracies} test accuracies came out as printed" +
            (differences.Length > 0 ? $"; different: {string.Join("; ", differences)}." : ".");
    }
}
