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
        var modelOptions = ModelOptions.Create(3, "256x5");
        var epochs = CliOptions.Int("--epochs", "Epochs.", 10, 1, 10_000);
        var batch = CliOptions.Int("--batch", "Minibatch size.", 128, 1, 60_000);
        var lr = CliOptions.Real("--lr", "SGD learning rate.", 0.1, v => v is > 0 and <= 1000, "a positive number up to 1000");
        var momentum = CliOptions.Real("--momentum", "SGD momentum.", 0, v => v is >= 0 and < 1, "a number in [0, 1)");
        var adam = new Option<bool>("--adam") { Description = "Use Adam (with --lr) instead of SGD." };
        var validation = CliOptions.Real("--validation", "Fraction of the training set held out for validation, in [0, 1).", 0, v => v is >= 0 and < 1, "a fraction in [0, 1)");
        var subset = CliOptions.OptionalInt("--train-subset", "Use only the first N training images.", 1, TrainingImages);
        var seeds = CliOptions.Int("--seeds", "Seeds (42, 43, ...).", 1, 1, 100);
        var threads = CliOptions.Int("--threads", "libtorch threads per run.", 1, 1, 256);
        var parallel = CliOptions.Int("--parallel", "Runs at once.", 2, 1, 64);
        var dataset = CliOptions.Dataset();
        var offline = CliOptions.Offline();
        var outFile = new Option<string?>("--out") { Description = "Write the full result as JSON to this file." }.PathName();
        var command = new Command("train", "Train one MLP or plain conv-net configuration with one or more initializers and report loss and accuracy.")
        {
            inits, activation, modelOptions.Model, modelOptions.Depth, modelOptions.Channels, modelOptions.Hidden, epochs, batch, lr, momentum, adam, validation, subset, seeds, threads, parallel, dataset, offline, outFile,
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
            CheckSplit(parse.GetValue(subset) ?? TrainingImages, fraction, parse.GetValue(batch));

            var nonlinearity = ModelFactory.Activation(parse.GetValue(activation)!);
            var (conv, mlp) = modelOptions.Resolve(parse, nonlinearity);
            var definition = conv?.Definition() ?? ModelDefinition.FromMlp(mlp!);
            OptimizerSpec optimizer = parse.GetValue(adam) ? OptimizerSpec.Adam(rate) : OptimizerSpec.Sgd(rate, parse.GetValue(momentum));
            using var data = await MnistDatasets.LoadAsync(parse.DataOptions(dataset, offline), null, token);
            if (parse.GetValue(subset) is { } wanted && wanted > data.Train.Count)
            {
                throw new UsageException("--train-subset", $"{wanted} is more than the {data.Train.Count} training images of {data.Files.Dataset}; pass at most {data.Train.Count}, or leave it out to use them all");
            }

            using var train = parse.GetValue(subset) is { } n ? data.Train.Take(n) : null;
            var builder = new ExperimentBuilder()
                .WithName("train")
                .WithTrainingData(train ?? data.Train, fraction)
                .WithTestData(data.Test)
                .WithModel(definition)
                .WithTraining(new TrainingOptions(parse.GetValue(epochs), parse.GetValue(batch), optimizer))
                .WithSeeds([.. Enumerable.Range(0, parse.GetValue(seeds)).Select(i => 42L + i)])
                .WithMaxDegreeOfParallelism(parse.GetValue(parallel))
                .WithThreads(parse.GetValue(threads));
            foreach (string init in parse.GetValue(inits)!)
            {
                builder.WithInitialization(ModelFactory.Scheme(init));
            }

            Experiment experiment;
            try
            {
                experiment = builder.Build();
            }
            catch (ExperimentValidationException e)
            {
                throw new UsageException(fraction > 0 ? "--validation" : "--batch", string.Join("; ", e.Problems));
            }

            var result = await ConsoleProgress.RunAsync(output, progress =>
            {
                progress.BeginExperiment(definition.Name, parse.GetValue(epochs));
                return experiment.RunAsync(progress, token);
            });
            foreach (var run in result.Runs)
            {
                output.WriteLine(Describe(run));
            }

            if (result.Runs.Count > 0 && result.Runs.All(r => r.Status == RunStatus.Diverged))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"weightinit: every run diverged (the first at step {result.Runs.Min(r => r.DivergedAtStep ?? 0)}); lower --lr or try another --init");
            }

            if (parse.GetValue(outFile) is { } path)
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
        });
        return command;
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

    /// <summary>Refuses, before any data is loaded, a validation split that leaves fewer training images than one batch.</summary>
    internal static void CheckSplit(int images, double fraction, int batch)
    {
        long left = images - (long)Math.Round(images * fraction, MidpointRounding.AwayFromZero);
        if (left < batch)
        {
            throw new UsageException("--validation", string.Create(CultureInfo.InvariantCulture,
                $"{fraction} holds out so much that {left} of the {images} training images are left, fewer than one batch of {batch}; lower --validation or --batch"));
        }
    }
}
