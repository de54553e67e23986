using System.Runtime.InteropServices;

namespace WeightInit.Internal;

/// <summary>
/// What a path names on Linux, read with the C library's <c>stat</c> (symbolic links followed): a regular file, a
/// folder, a device, a FIFO or a socket. .NET's <see cref="FileSystemInfo.Attributes"/> does not tell a device or FIFO
/// from a file, and renaming a file over <c>/dev/null</c> replaces the device. Only folders are recognized on other
/// systems (macOS, Windows) and C libraries (musl), and on Linux on processors other than x86-64 and arm64.
/// </summary>
internal static class FileKind
{
    private const int FormatMask = 0xF000;
    private static readonly Lazy<Func<string, IntPtr, int>?> Stat = new(TryLoad);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StatFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr buffer);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int XStatFunction(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr buffer);

    /// <summary>
    /// "character device", "block device", "FIFO (named pipe)", "socket" or "folder" when <paramref name="path"/> exists and
    /// is not a regular file; null when it is a regular file, does not exist, or the kind cannot be read on this platform.
    /// </summary>
    public static string? NotRegular(string path)
    {
        if (Directory.Exists(path))
        {
            return "folder";
        }

        int? offset = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => 24, Architecture.Arm64 => 16, _ => null };
        if (!OperatingSystem.IsLinux() || offset is null || Stat.Value is not { } stat)
        {
            return null;
        }

        IntPtr buffer = Marshal.AllocHGlobal(256); // struct stat is 144 (x86-64) or 128 (arm64) bytes
        try
        {
            if (stat(path, buffer) != 0)
            {
                return null; // does not exist (or cannot be read): nothing to protect
            }

            return (Marshal.ReadInt32(buffer, offset.Value) & FormatMask) switch
            {
                0x8000 => null,
                0x2000 => "character device",
                0x6000 => "block device",
                0x1000 => "FIFO (named pipe)",
                0xC000 => "socket",
                0x4000 => "folder",
                _ => "special file",
            };
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }

    /// <summary>
    /// glibc's <c>stat</c> (exported since 2.33), else <c>__xstat</c> with the kernel-layout version (1 on x86-64, 0 on arm64)
    /// that older glibc's <c>stat</c> forwarded to; null without glibc (musl, macOS, Windows), where the check is skipped.
    /// </summary>
    private static Func<string, IntPtr, int>? TryLoad()
    {
        if (!NativeLibrary.TryLoad("libc.so.6", out IntPtr handle))
        {
            return null;
        }

        if (NativeLibrary.TryGetExport(handle, "stat", out IntPtr stat))
        {
            var call = Marshal.GetDelegateForFunctionPointer<StatFunction>(stat);
            return (path, buffer) => call(path, buffer);
        }

        if (NativeLibrary.TryGetExport(handle, "__xstat", out IntPtr xstat))
        {
            var call = Marshal.GetDelegateForFunctionPointer<XStatFunction>(xstat);
            int version = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0;
            return (path, buffer) => call(version, path, buffer);
        }

        return null;
    }
}
