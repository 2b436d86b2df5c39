using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LabelStudio.IntegrationTests.Infrastructure;

/// <summary>
/// The real web app as a child process (its own build output, a real port, the given SQLite file), for tests that
/// must kill it: <see cref="Kill"/> sends SIGKILL, as a crash or an out-of-memory killer would.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _log = new();

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => { lock (_log) _log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <param name="arguments">Command-line arguments after the app's own (<c>--Key value</c> overrides, as a user types them).</param>
    public static async Task<AppProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyList<string>? arguments = null)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "LabelStudio.Web");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "LabelStudio.Web.dll");
        Assert.True(File.Exists(dll), $"the web app's build output is missing ({dll})");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__LabelStudio"] = connectionString;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var app = new AppProcess(Process.Start(start)!, url);
        await app.WaitUntilAnsweringAsync();
        return app;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await client.GetAsync("/api/projects")).StatusCode == HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not answer within 90 s:\n{Log}");
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed, like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LabelStudio.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("LabelStudio.sln not found above the test folder.");
    }
}
