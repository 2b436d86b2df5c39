using LabelStudio.IntegrationTests.Infrastructure;

namespace LabelStudio.IntegrationTests.Cli;

/// <summary>The command line takes the same settings as the web app, and refuses a wrong one before doing anything.</summary>
public sealed class CliConfigurationTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly CliRunner _cli;

    public CliConfigurationTests() => _cli = new CliRunner(_database.ConnectionString);

    public void Dispose() => _database.Dispose();

    private static readonly Dictionary<string, string?> NoConnectionString = new() { ["ConnectionStrings__LabelStudio"] = null };

    [Theory]
    [InlineData("separate")]
    [InlineData("equals")]
    [InlineData("environment")]
    public async Task Migrate_DataDirectoryGivenLikeTheWebApp_CreatesTheDatabaseThere(string style)
    {
        var directory = Path.Combine(_database.Directory, "data-" + style);
        var environment = new Dictionary<string, string?>(NoConnectionString);
        string[] args = style switch
        {
            "separate" => ["--Database:DataDirectory", directory, "migrate"],
            "equals" => ["migrate", $"--Database:DataDirectory={directory}"],
            _ => ["migrate"],
        };
        if (style == "environment") environment["Database__DataDirectory"] = directory;

        var result = await _cli.RunAsync(environment, args);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("up to date", result.Stdout);
        Assert.True(File.Exists(Path.Combine(directory, "labelstudio.db")));
    }

    [Theory]
    [InlineData("--Import:MaxUploadBytes", "-5", "Import:MaxUploadBytes")]
    [InlineData("--Jobs:MaxConcurrency", "lots", "Jobs:MaxConcurrency")]
    [InlineData("--Database:Provider", "Oracle", "Database:Provider")]
    public async Task AnyVerb_WrongSetting_FailsAtOnceNamingTheKey(string key, string value, string named)
    {
        var result = await _cli.RunAsync("migrate", key, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.False(File.Exists(_database.FilePath), "nothing should run with a wrong setting");
    }
}
