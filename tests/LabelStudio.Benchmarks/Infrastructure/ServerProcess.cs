using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LabelStudio.Benchmarks.Infrastructure;

/// <summary>
/// The built web app (src/LabelStudio.Web's own build output, with its own runtimeconfig and so its real GC settings)
/// started as a child process on a free loopback port, configured by command-line overrides, in Production mode: the
/// load benchmark's clients then share no CPU time, heap or garbage collector with the server they measure.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The server's process id (to attach a profiler to it).</summary>
    public int ProcessId => _process.Id;

    public static string? FindWebApp()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LabelStudio.sln"))) root = root.Parent;
        if (root is null) return null;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var dll = Path.Combine(root.FullName, "src", "LabelStudio.Web", "bin", configuration, "net10.0", "LabelStudio.Web.dll");
        return File.Exists(dll) ? dll : null;
    }

    public static async Task<ServerProcess> StartAsync(string webDll, string databasePath, IReadOnlyDictionary<string, string?> settings)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var arg in new[] { webDll, "--urls", url, "--ConnectionStrings:LabelStudio", $"Data Source={databasePath}",
                     "--Demo:Seed", "false", "--Logging:LogLevel:Default", "Warning" })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value ?? "");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The web app did not start.");
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, url);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The web app exited with code {process.ExitCode} while starting.");
            try
            {
                using var response = await http.GetAsync("/api/projects");
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                await server.DisposeAsync();
                throw new TimeoutException("The web app did not answer within 2 minutes.");
            }
            await Task.Delay(200);
        }
    }

    private static void Echo(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line)) Console.WriteLine("  [server] " + line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
