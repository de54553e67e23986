// QuickStart: fill a TorchSharp Linear layer with He (Kaiming) normal weights from a seeded generator
// and check that the weights have the standard deviation the formula promises, std = √(2 / fan_in).
using TorchSharp;
using WeightInit.Initializers;
using static TorchSharp.torch;

torch.set_num_threads(1);

using var layer = nn.Linear(784, 256);          // weight [out, in] = [256, 784], so fan_in = 784
using var generator = new Generator(42);         // the only source of randomness
new HeNormal().Fill(layer.weight!, generator);   // fans come from the weight's shape

double std = layer.weight!.std().item<float>();
double mean = layer.weight!.mean().item<float>();
long n = layer.weight!.numel();
long fanIn = layer.weight!.shape[1];
double expected = Math.Sqrt(2.0 / fanIn);

// For n normal draws the sample std has standard error ≈ σ / √(2n) and the sample mean σ / √n;
// allow 5 standard errors so that a correct initializer essentially never fails this check.
double stdTolerance = 5 * expected / Math.Sqrt(2.0 * n);
double meanTolerance = 5 * expected / Math.Sqrt(n);

Console.WriteLine($"Linear(784, 256) weight, {n:N0} values, He normal, seed 42");
Console.WriteLine($"  std  {std,8:F5}   expected √(2/fan_in) = √(2/{fanIn}) = {expected:F5} ± {stdTolerance:F5}");
Console.WriteLine($"  mean {mean,8:F5}   expected 0 ± {meanTolerance:F5}");
Console.WriteLine("  (tolerances: 5 standard errors, σ/√(2n) for the std and σ/√n for the mean)");

bool ok = Math.Abs(std - expected) <= stdTolerance && Math.Abs(mean) <= meanTolerance;
Console.WriteLine(ok ? "OK: the weights have the statistics He et al. (2015) prescribe" : "FAIL: the weights' statistics are off");
return ok ? 0 : 1;
