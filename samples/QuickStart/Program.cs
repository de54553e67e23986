using static TorchSharp.torch;

var x = randn(3, 4, requires_grad: true);
var y = (x * x).sum();
y.backward();
Console.WriteLine($"ok {y.item<float>()} {WeightInit.Native.TorchSharpNative.Status}");
