using System.Diagnostics;

namespace LabelStudio.IntegrationTests.Cli;

/// <summary>Runs the real <c>labelstudio</c> program as a child process against a given SQLite file.</summary>
public sealed class CliRunner(string connectionString)
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs with extra environment variables; a null value removes one (e.g. the connection string).</summary>
    public async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "labelstudio.dll");
        Assert.True(File.Exists(dll), $"labelstudio.dll not found next to the tests ({AppContext.BaseDirectory})");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__LabelStudio"] = connectionString;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
