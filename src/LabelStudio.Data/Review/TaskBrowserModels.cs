using System.Text.Json.Serialization;

namespace LabelStudio.Data.Review;

/// <summary>Where a task stands in the task browser.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskState>))]
public enum TaskState
{
    /// <summary>Waiting for ratings, nobody holds it.</summary>
    Open,
    /// <summary>Waiting for ratings, a rater holds a live reservation.</summary>
    Reserved,
    /// <summary>All ratings in, not scored yet.</summary>
    Complete,
    Agreed,
    Conflict,
    Resolved,
    Invalid,
    /// <summary>A click task that left the queue when its pair was settled; kept with its rows, shown only when asked for.</summary>
    Withdrawn,
}

[JsonConverter(typeof(JsonStringEnumConverter<TaskSort>))]
public enum TaskSort { Position, Created, Ratings, Agreement, Priority, State }

/// <summary>A page of the task browser: filters, sort and paging all run in the database.</summary>
/// <param name="Search">Matches the external key or anything in the task data.</param>
public sealed record TaskQuery(TaskState? State = null, long? BatchId = null, string? Search = null, TaskSort Sort = TaskSort.Position,
    bool Descending = false, int Page = 1, int PageSize = 25);

/// <param name="FinalLabel">A short rendering of the final label ("" without one).</param>
public sealed record TaskRow(long TaskId, string Name, TaskState State, int Ratings, int RequiredRatings, double? Agreement,
    double? Priority, string FinalLabel, FinalLabelOrigin Origin, long? BatchId, string? BatchFile, DateTime CreatedAt, string? Text);

public sealed record TaskPage(int Total, int Page, int PageSize, IReadOnlyList<TaskRow> Items);

public sealed record BatchOption(long Id, string FileName, int TaskCount, DateTime ImportedAt);
