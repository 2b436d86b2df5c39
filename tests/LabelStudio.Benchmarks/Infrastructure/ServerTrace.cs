using System.Diagnostics;

namespace LabelStudio.Benchmarks.Infrastructure;

/// <summary>
/// A CPU-sampling trace of the server during one phase, when LOAD_TRACE_TOOL names a dotnet-trace executable: written to
/// LOAD_TRACE_DIR (default: the working directory) as load-PHASE.nettrace, for <c>dotnet-trace report FILE topN</c>.
/// LOAD_TRACE_VERB and LOAD_TRACE_PROFILE choose how (default: <c>collect --profile dotnet-sampled-thread-time</c>, managed
/// stacks of every thread at about 100 Hz; <c>collect-linux --profile cpu-sampling</c> takes CPU samples from the kernel
/// where perf user_events are available).
/// </summary>
public sealed class ServerTrace : IDisposable
{
    private readonly Process _process;

    private ServerTrace(Process process) => _process = process;

    public static ServerTrace? Start(int processId, string phase, int seconds)
    {
        var tool = Environment.GetEnvironmentVariable("LOAD_TRACE_TOOL");
        if (string.IsNullOrEmpty(tool)) return null;
        var directory = Environment.GetEnvironmentVariable("LOAD_TRACE_DIR") ?? Directory.GetCurrentDirectory();
        var name = new string(phase.TakeWhile(char.IsLetter).ToArray());
        var output = Path.Combine(directory, $"load-{name}.nettrace");
        // Leaves a second at each end, so the trace covers the phase's steady state.
        var duration = TimeSpan.FromSeconds(Math.Max(1, seconds - 2));
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var verb = Environment.GetEnvironmentVariable("LOAD_TRACE_VERB") ?? "collect";
        var profile = Environment.GetEnvironmentVariable("LOAD_TRACE_PROFILE") ?? "dotnet-sampled-thread-time";
        foreach (var arg in new[] { verb, "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--profile", profile, "--duration", duration.ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture),
                     "-o", output })
        {
            start.ArgumentList.Add(arg);
        }
        Console.WriteLine($"  tracing the server into {output}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-trace did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) Console.WriteLine("  [trace] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerTrace(process);
    }

    public Task WaitAsync() => _process.WaitForExitAsync();

    public void Dispose() => _process.Dispose();
}
