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
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var inits = CliOptions.Initializers("--init", ["he"]);
        var activation = CliOptions.Activation("relu");
        var model = new Option<string>("--model") { Description = "mlp (hidden widths from --hidden) or conv (--depth × 3×3 conv + activation, pooling, linear head).", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "conv");
        var depth = CliOptions.Int("--depth", "Conv blocks of --model conv.", 3, 1, 100);
        var channels = CliOptions.Int("--channels", "Channels of every convolution of --model conv.", 16, 1, 1024);
        var hidden = new Option<string>("--hidden") { Description = "Hidden widths: WIDTHxCOUNT (256x5) or a comma list (512,256,128,64).", DefaultValueFactory = _ => "256x5" };
        var epochs = CliOptions.Int("--epochs", "Epochs.", 10, 1, 10_000);
        var batch = CliOptions.Int("--batch", "Minibatch size.", 128, 1, 60_000);
        var lr = new Option<double>("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.1 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0 };
        var adam = new Option<bool>("--adam") { Description = "Use Adam (with --lr) instead of SGD." };
        var validation = new Option<double>("--validation") { Description = "Fraction of the training set held out for validation, in [0, 1).", DefaultValueFactory = _ => 0 };
        var subset = CliOptions.OptionalInt("--train-subset", "Use only the first N training images.", 1);
        var seeds = CliOptions.Int("--seeds", "Seeds (42, 43, ...).", 1, 1, 100);
        var threads = CliOptions.Int("--threads", "libtorch threads per run.", 1, 1, 256);
        var parallel = CliOptions.Int("--parallel", "Runs at once.", 2, 1, 64);
        var dataset = CliOptions.Dataset();
        var outFile = new Option<string?>("--out") { Description = "Write the full result as JSON to this file." };
        var command = new Command("train", "Train one MLP or plain conv-net configuration with one or more initializers and report loss and accuracy.")
        {
            inits, activation, model, depth, channels, hidden, epochs, batch, lr, momentum, adam, validation, subset, seeds, threads, parallel, dataset, outFile,
        };
        command.SetAction(async (parse, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            double rate = parse.GetValue(lr);
            if (!(rate > 0) || double.IsInfinity(rate))
            {
                throw new UsageException("--lr", $"the learning rate must be a positive finite number; got {rate.ToString(CultureInfo.InvariantCulture)}");
            }

            double fraction = parse.GetValue(validation);
            if (!(fraction >= 0 && fraction < 1))
            {
                throw new UsageException("--validation", $"expected a fraction in [0, 1); got {fraction.ToString(CultureInfo.InvariantCulture)}");
            }

            var nonlinearity = ModelFactory.Activation(parse.GetValue(activation)!);
            var definition = parse.GetValue(model) == "conv"
                ? new ConvNetSpec(parse.GetValue(depth), parse.GetValue(channels), nonlinearity).Definition()
                : ModelDefinition.FromMlp(new MlpSpec(784, ModelFactory.Hidden(parse.GetValue(hidden)!), 10, nonlinearity));
            OptimizerSpec optimizer = parse.GetValue(adam) ? OptimizerSpec.Adam(rate) : OptimizerSpec.Sgd(rate, parse.GetValue(momentum));
            using var data = await MnistDatasets.LoadAsync(new DatasetOptions { Dataset = DatasetDescriptor.FromName(parse.GetValue(dataset)!) }, null, token);
            using var train = parse.GetValue(subset) is { } n ? data.Train.Take(Math.Min(n, data.Train.Count)) : null;
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

            var experiment = builder.Build();
            var result = await ConsoleProgress.RunAsync(output, progress =>
            {
                progress.BeginExperiment(definition.Name, parse.GetValue(epochs));
                return experiment.RunAsync(progress, token);
            });
            foreach (var run in result.Runs)
            {
                var last = run.Epochs.LastOrDefault();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Initialization} seed {run.Seed}: {run.Status}{(run.DivergedAtStep is { } d ? $" at step {d}" : string.Empty)}, " +
                    $"{run.Epochs.Count} epochs, train loss {last?.TrainLoss:F4}, test accuracy {(last?.TestAccuracy * 100):F2} %, {run.Seconds:F1} s"));
            }

            if (parse.GetValue(outFile) is { } path)
            {
                AtomicFile.WriteAllText(path, ResultJson.Serialize(result));
                output.WriteLine($"wrote {path}");
            }

            return result.IsPartial ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }
}
