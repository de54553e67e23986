using System.Runtime.InteropServices;

namespace WeightInit.Native;

/// <summary>
/// glibc's dynamic-loader calls, which <see cref="NativeLibrary"/> does not offer: <c>dlopen</c> with
/// <c>RTLD_GLOBAL</c>, <c>dlsym</c> on the global scope (<c>RTLD_DEFAULT</c>) and <c>dladdr</c>. They live in
/// <c>libc.so.6</c> since glibc 2.34 and in <c>libdl.so.2</c> before.
/// </summary>
internal sealed class Dl
{
    private static readonly Lazy<Dl> Shared = new(() => new Dl());
    private readonly OpenFunction _open;
    private readonly SymbolFunction _symbol;
    private readonly ErrorFunction _error;
    private readonly AddressFunction _address;

    private Dl()
    {
        IntPtr library = NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "dlopen", out _)
            ? libc
            : NativeLibrary.Load("libdl.so.2");
        _open = Export<OpenFunction>(library, "dlopen");
        _symbol = Export<SymbolFunction>(library, "dlsym");
        _error = Export<ErrorFunction>(library, "dlerror");
        _address = Export<AddressFunction>(library, "dladdr");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int IntFunction();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr OpenFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr SymbolFunction(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ErrorFunction();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int AddressFunction(IntPtr address, out DlInfo info);

    /// <summary>The process-wide instance.</summary>
    public static Dl Instance => Shared.Value;

    /// <summary><c>dlopen(path, flags)</c>; <see cref="IntPtr.Zero"/> on failure (see <see cref="LastError"/>).</summary>
    public IntPtr Open(string path, int flags) => _open(path, flags);

    /// <summary><c>dlsym(handle, name)</c>; <paramref name="handle"/> <see cref="IntPtr.Zero"/> is <c>RTLD_DEFAULT</c>, the global scope in load order.</summary>
    public IntPtr Symbol(IntPtr handle, string name) => _symbol(handle, name);

    /// <summary>The loader's last error message, or an empty string.</summary>
    public string LastError() => Marshal.PtrToStringUTF8(_error()) ?? "";

    /// <summary>The file of the loaded object that contains <paramref name="address"/> (<c>dladdr</c>), or <see langword="null"/>.</summary>
    public string? FileOf(IntPtr address) =>
        _address(address, out var info) != 0 ? Marshal.PtrToStringUTF8(info.FileName) : null;

    private static T Export<T>(IntPtr library, string name)
        where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public IntPtr FileName;
        public IntPtr FileBase;
        public IntPtr SymbolName;
        public IntPtr SymbolAddress;
    }
}
