namespace WeightInit.Internal;

/// <summary>Where WeightInit keeps per-user files (patched native libraries, data sets).</summary>
/// <remarks>Infrastructure that WeightInit shares with the <c>weightinit</c> tool (namespace <c>Internal</c>): usable, but not
/// part of the API the library promises to keep stable.</remarks>
public static class UserCache
{
    /// <summary>
    /// <c>$XDG_CACHE_HOME/weightinit</c> when that variable holds an absolute path (XDG Base Directory
    /// Specification), else <c>~/.cache/weightinit</c> on Unix and <c>%LOCALAPPDATA%\WeightInit</c> on Windows.
    /// </summary>
    public static string Root
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "WeightInit");
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "weightinit");
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".cache", "weightinit");
        }
    }
}
