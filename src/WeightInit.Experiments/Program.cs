using WeightInit.Experiments.Cli;

return await WeightInitCli.RunAsync(args, Console.Out, Console.Error);
