using System.Text.Json;
using System.Text.Json.Nodes;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Core.Results;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using LabelStudio.Data.Projects;
using Microsoft.EntityFrameworkCore;

namespace LabelStudio.Data.Labeling;

/// <summary>Checks and helpers the rater's services share: membership, result validation, retries.</summary>
internal static class LabelingRules
{
    private const int MaxAttempts = 5;

    /// <summary>Longest idempotency key accepted (the column's length).</summary>
    public const int MaxKeyLength = 100;

    public static void RequireKey(string? key)
    {
        if (key is { Length: > MaxKeyLength })
        {
            throw new DomainValidationException($"The idempotency key is {key.Length} characters long; at most {MaxKeyLength} are allowed.");
        }
    }

    public static void RequireFiniteLeadTime(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            throw new DomainValidationException("lead_time must be a finite number of seconds.");
        }
    }

    public static async Task<Project> RequireMemberProjectAsync(AppDbContext db, long projectId, string userId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        var member = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => new { m.PausedAt }).FirstOrDefaultAsync(ct);
        if (project is null || member is null)
        {
            throw new NotFoundException($"Project {projectId} does not exist or you are not a member of it.");
        }
        if (member.PausedAt is not null)
        {
            throw new AccessDeniedException(
                "You are paused on this project because of your answers on check tasks. A lead of the project has been told and can let you continue.");
        }
        return project;
    }

    public static async Task<(LabelTask Task, Project Project)> LoadTaskAsync(AppDbContext db, long taskId, string userId, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct)
                   ?? throw new NotFoundException($"Task {taskId} does not exist.");
        var project = await RequireMemberProjectAsync(db, task.ProjectId, userId, ct);
        return (task, project);
    }

    /// <summary>Throws a validation error keyed by control when the result does not fit the configuration and the task.</summary>
    public static void Validate(LabelingConfiguration config, IReadOnlyList<ResultItem> result, string taskDataJson,
        IReadOnlyList<string>? noEntities)
    {
        var problems = AnnotationValidator.Check(config, result, ParseData(taskDataJson), noEntities);
        if (problems.Count > 0) throw new DomainValidationException(AnnotationValidator.ByKey(problems));
    }

    public static JsonObject? ParseData(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Control names as stored (a JSON array), or null for none.</summary>
    public static string? SerializeNames(IReadOnlyList<string>? names) =>
        names is null || names.Count == 0 ? null : JsonSerializer.Serialize(names.Distinct(StringComparer.Ordinal));

    public static IReadOnlyList<string> ParseNames(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static IReadOnlyList<ResultItem> ParseResult(string json) =>
        ResultJson.TryParse(json, out var result, out _) ? result : [];

    public static async Task<T> WithRetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(Random.Shared.Next(5, 25 * attempt));
            }
        }
    }

    /// <summary>Deadlocks and serialization failures (SQL Server) or a lost unique race: safe to run again.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 1205 or 3960,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 19,
        _ => false,
    };
}
