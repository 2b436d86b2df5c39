using System.Diagnostics;
using System.Globalization;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// Names the process that runs a job (machine, process id, process start time), so that a process starting up can
/// tell a job whose runner died (the same machine, no such process) from one another live process is running. On
/// another machine only the heartbeat can tell.
/// </summary>
public static class JobOwner
{
    private static readonly Lazy<string> CurrentOwner = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return Format(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime().Ticks);
    });

    public static string Current => CurrentOwner.Value;

    /// <summary>The owner as a folder name.</summary>
    public static string CurrentToken => Token(Current);

    public static string Token(string owner) =>
        string.Concat(owner.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    internal static string Format(string machine, int processId, long startTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine}|{processId}|{startTicks}");

    /// <summary>Whether the process named by <paramref name="owner"/> may still be running its job.</summary>
    public static bool IsAlive(string? owner, DateTime? heartbeatAt, DateTime now, TimeSpan staleAfter)
    {
        if (owner is null) return false;
        if (owner == Current) return true;
        var parts = owner.Split('|');
        if (parts.Length == 3 && parts[0] == Environment.MachineName
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return ProcessRuns(pid, started);
        }
        return heartbeatAt is { } beat && now - beat < staleAfter;
    }

    /// <summary>Whether the owner's folder token belongs to a dead process on this machine.</summary>
    public static bool IsDeadLocalToken(string token)
    {
        if (token == CurrentToken) return false;
        var parts = token.Split('-');
        if (parts.Length < 3 || Token(Environment.MachineName) != string.Join('-', parts[..^2])) return false;
        return !(int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                 && long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
                 && ProcessRuns(pid, started));
    }

    private static bool ProcessRuns(int pid, long startTicks)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // Start times are read from the kernel in clock ticks; a second of slack absorbs the rounding.
            return Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
