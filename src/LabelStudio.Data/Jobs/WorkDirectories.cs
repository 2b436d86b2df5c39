using LabelStudio.Data.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Jobs;

/// <summary>
/// Where uploads are spooled and jobs keep scratch files: <c>uploads/{process}/</c> while a file arrives, then
/// <c>jobs/{id}/</c> until the job ends. Everything here can be deleted by the clean-up at start-up, so nothing
/// else may live here.
/// </summary>
public sealed class WorkDirectories(IOptions<JobOptions> jobs, DatabaseOptions database)
{
    private readonly Lazy<string> _root = new(() =>
    {
        var root = jobs.Value.WorkDirectory is { Length: > 0 } configured
            ? configured
            : Path.Combine(DefaultParent(database), "work");
        Directory.CreateDirectory(root);
        return Path.GetFullPath(root);
    });

    public string Root => _root.Value;

    public string JobsRoot => Path.Combine(Root, "jobs");

    public string UploadsRoot => Path.Combine(Root, "uploads");

    public string JobDirectory(long jobId) => Path.Combine(JobsRoot, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A new file name for an upload being received by this process.</summary>
    public string NewUploadPath()
    {
        var directory = Path.Combine(UploadsRoot, JobOwner.CurrentToken);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, Guid.NewGuid().ToString("N") + ".part");
    }

    // Beside the SQLite file, so that two databases (two test servers, say) never share or clean each other's files.
    private static string DefaultParent(DatabaseOptions database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var source = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            if (!string.IsNullOrEmpty(source) && source != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(source)) is { Length: > 0 } folder)
            {
                return folder;
            }
        }
        return database.DataDirectory;
    }
}
