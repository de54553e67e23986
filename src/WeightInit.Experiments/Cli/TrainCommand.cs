using System.CommandLine;
using System.Globalization;
using WeightInit.Data;
using WeightInit.Experimenting;
using WeightInit.Internal;
using WeightInit.Models;
using WeightInit.Training;

namespace WeightInit.Experiments.Cli;

/// <summary><c>weightinit train</c>: train one or more initializations of one MLP or plain conv net on MNIST and print the results.</summary>
internal static class TrainCommand
{
    /// <summary>Training images in MNIST and in Fashion-MNIST alike.</summary>
    internal const int TrainingImages = 60_000;

    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var inits = CliOptions.Initializers("--init", ["he"]);
        var activation = CliOptions.Activation("relu");
        var modelOptions = ModelOptions.Create(3, "256x5", ModelUse.Training);
        var epochs = CliOptions.Int("--epochs", "Epochs.", 10, 1, 10_000);
        var batch = CliOptions.Int("--batch", "Minibatch size.", 128, 1, 60_000);
        var lr = CliOptions.Real("--lr", "SGD learning rate.", 0.1, v => v is > 0 and <= 1000, "a positive number up to 1000");
        var momentum = CliOptions.Real("--momentum", "SGD momentum.", 0, v => v is >= 0 and < 1, "a number in [0, 1)");
        var adam = new Option<bool>("--adam") { Description = "Use Adam (with --lr) instead of SGD." };
        var validation = CliOptions.Real("--validation", "Fraction of the training set held out for validation, in [0, 1).", 0, v => v is >= 0 and < 1, "a fraction in [0, 1)");
        var subset = CliOptions.OptionalInt("--train-subset", "Use only the first N training images.", 1, TrainingImages);
        var seeds = CliOptions.Int("--seeds", "Number of seeds (42, 43, …).", 1, 1, 100);
        var threads = CliOptions.Int("--threads", "libtorch threads per run.", 1, 1, 256);
        var parallel = CliOptions.Int("--parallel", "Runs at once.", 2, 1, 64);
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var dataDir = CliOptions.DataDir();
        var outFile = new Option<string?>("--out") { Description = "Write the full result as JSON to this file." }.PathName();
        var command = new Command("train", "Train one MLP or plain conv-net configuration with one or more initializers and report loss and accuracy.")
        {
            inits, activation, modelOptions.Model, modelOptions.Depth, modelOptions.Channels, modelOptions.Hidden, epochs, batch, lr, momentum, adam, validation, subset, seeds, threads, parallel, dataset, offline, dataDir, outFile,
        };
        command.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(outFile) is { } target)
            {
                OutputLocation.CheckFile("--out", target);
            }

            double rate = parse.GetValue(lr);
            double fraction = parse.GetValue(validation);
            CheckSplit(parse.GetValue(subset) ?? TrainingImages, fraction, parse.GetValue(batch), parse.GetValue(subset) is not null);
            var schemes = Distinct(parse.GetValue(inits)!);

            var nonlinearity = ModelFactory.Activation(parse.GetValue(activation)!);
            var (conv, mlp) = modelOptions.Resolve(parse, nonlinearity);
            var definition = conv?.Definition() ?? ModelDefinition.FromMlp(mlp!);
            MemoryEstimate.Check(conv, mlp, parse.GetValue(batch), ModelUse.Training, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, parse.GetValue(parallel));
            ModelFactory.CheckSchemesFit(definition, schemes, conv is not null);
            OptimizerSpec optimizer = parse.GetValue(adam) ? OptimizerSpec.Adam(rate) : OptimizerSpec.Sgd(rate, parse.GetValue(momentum));
            using var data = await MnistDatasets.LoadAsync(parse.DataOptions(dataset, offline, dataDir), null, token);
            if (parse.GetValue(subset) is { } wanted && wanted > data.Train.Count)
            {
                throw new UsageException("--train-subset", $"{wanted} is more than the {data.Train.Count} training images of {data.Files.Dataset}; pass at most {data.Train.Count}, or leave it out to use them all");
            }

            using var train = parse.GetValue(subset) is { } n ? data.Train.Take(n) : null;
            int images = (int)(train ?? data.Train).Count;
            CheckSplit(images, fraction, parse.GetValue(batch), parse.GetValue(subset) is not null);
            var builder = new ExperimentBuilder()
                .WithName("train")
                .WithTrainingData(train ?? data.Train, fraction)
                .WithTestData(data.Test)
                .WithModel(definition)
                .WithTraining(new TrainingOptions(parse.GetValue(epochs), parse.GetValue(batch), optimizer,
                    EvaluationBatchSize: MemoryEstimate.EvaluationBatch(conv, mlp, parse.GetValue(parallel), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)))
                .WithSeeds([.. Enumerable.Range(0, parse.GetValue(seeds)).Select(i => 42L + i)])
                .WithMaxDegreeOfParallelism(parse.GetValue(parallel))
                .WithThreads(parse.GetValue(threads))
                .WithProbes(new ProbeOptions(ActivationBatchSize: ProbeBatch(images, fraction)));
            foreach (var scheme in schemes)
            {
                builder.WithInitialization(scheme);
            }

            Experiment experiment;
            try
            {
                experiment = builder.Build();
            }
            catch (ExperimentValidationException e)
            {
                // Every combination the options above can make is checked before this point; what is left is not one option's fault.
                throw new UsageException("train", string.Join("; ", e.Problems));
            }

            var result = await ConsoleProgress.RunAsync(output, progress =>
            {
                progress.BeginExperiment(definition.Name, parse.GetValue(epochs));
                return experiment.RunAsync(progress, token);
            });
            return await Finish(parse, result, parse.GetValue(outFile), output);
        });
        return command;
    }

    /// <summary>Prints each run, says when every run diverged, writes <c>--out</c> (or its fallback) and returns the exit code.</summary>
    private static async Task<int> Finish(ParseResult parse, ExperimentResult result, string? outPath, TextWriter output)
    {
        foreach (var run in result.Runs)
        {
            output.WriteLine(Describe(run));
        }

        if (result.Runs.Count > 0 && result.Runs.All(r => r.Status == RunStatus.Diverged))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"weightinit: every run diverged (the first at step {result.Runs.Min(r => r.DivergedAtStep ?? 0)}); lower --lr or try another --init");
        }

        if (outPath is { } path)
        {
            string json = ResultJson.Serialize(result);
            var (written, fallback) = OutputLocation.WriteOrRescue(path, file =>
            {
                AtomicFile.WriteAllText(file, json);
                return file;
            }, output, Path.GetFileName(path));
            output.WriteLine($"wrote {written}");
            if (fallback is not null)
            {
                return ExitCodes.Failed;
            }
        }

        return ExitCode(result.IsPartial, result.Runs);
    }

    /// <summary>One line per run; a diverged run says at which step, and shows no loss or accuracy (it has none).</summary>
    internal static string Describe(RunResult run)
    {
        string head = $"{run.Initialization} seed {run.Seed}";
        if (run.Status == RunStatus.Diverged)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{head}: diverged at step {(run.DivergedAtStep is { } d ? d.ToString(CultureInfo.InvariantCulture) : "?")} (non-finite loss) after {run.Epochs.Count} complete epochs, {run.Seconds:F1} s");
        }

        var last = run.Epochs.LastOrDefault();
        string loss = last is null ? "—" : last.TrainLoss.ToString("F4", CultureInfo.InvariantCulture);
        string accuracy = last?.TestAccuracy is { } a && !double.IsNaN(a) ? (a * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "—";
        return string.Create(CultureInfo.InvariantCulture, $"{head}: {run.Status}, {run.Epochs.Count} epochs, train loss {loss}, test accuracy {accuracy}, {run.Seconds:F1} s");
    }

    /// <summary>1 when the run was cancelled or every run diverged, else 0.</summary>
    internal static int ExitCode(bool partial, IReadOnlyList<RunResult> runs) =>
        partial || (runs.Count > 0 && runs.All(r => r.Status == RunStatus.Diverged)) ? ExitCodes.Failed : ExitCodes.Ok;

    /// <summary>
    /// Refuses, before any data is loaded (and again once it is), a training set smaller than one batch: blamed on
    /// <c>--train-subset</c> (or <c>--batch</c> without it) when the images alone are too few, on <c>--validation</c>
    /// when its hold-out leaves too few.
    /// </summary>
    internal static void CheckSplit(int images, double fraction, int batch, bool subsetGiven)
    {
        if (images < batch)
        {
            throw subsetGiven
                ? new UsageException("--train-subset", string.Create(CultureInfo.InvariantCulture,
                    $"{images} training images are fewer than one batch of {batch}; pass --train-subset {batch} or more, or a --batch of at most {images}"))
                : new UsageException("--batch", string.Create(CultureInfo.InvariantCulture,
                    $"{batch} is more than the {images} training images; pass a --batch of at most {images}"));
        }

        long left = images - (long)Math.Round(images * fraction, MidpointRounding.AwayFromZero);
        if (left < batch)
        {
            throw new UsageException("--validation", string.Create(CultureInfo.InvariantCulture,
                $"{fraction} holds out so much that {left} of the {images} training images are left, fewer than one batch of {batch}; lower --validation or --batch"));
        }
    }

    /// <summary>
    /// The batch on which each run measures the untrained model's activations: the documents' 256, or every training
    /// image left after the validation split when there are fewer (0, off, when that is a single image).
    /// </summary>
    internal static int ProbeBatch(int images, double fraction)
    {
        long left = images - (long)Math.Round(images * fraction, MidpointRounding.AwayFromZero);
        int probe = (int)Math.Min(256, left);
        return probe < 2 ? 0 : probe;
    }

    /// <summary>The schemes of <c>--init</c>, each named once.</summary>
    /// <exception cref="UsageException">A name is malformed or given more than once.</exception>
    internal static InitializationScheme[] Distinct(IReadOnlyList<string> specs)
    {
        var schemes = specs.Select(ModelFactory.Scheme).ToArray();
        if (schemes.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new UsageException("--init", $"'{repeated.Key}' is given {repeated.Count()} times in '{string.Join(",", specs)}'; give each initializer once");
        }

        return schemes;
    }
}
