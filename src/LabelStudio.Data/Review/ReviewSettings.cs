namespace LabelStudio.Data.Review;

/// <summary>
/// A project's review settings: dynamic overlap (<see cref="AutoExtraRatings"/> extra ratings before a conflict reaches
/// a lead), gold checks mixed into raters' queues (<see cref="GoldRate"/>), and pausing raters whose gold accuracy
/// falls below <see cref="PauseBelowGoldAccuracy"/> after <see cref="PauseAfterGoldTasks"/> gold tasks (0 = never).
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record ReviewSettings(int AutoExtraRatings = 0, double GoldRate = 0, double PauseBelowGoldAccuracy = 0,
    int PauseAfterGoldTasks = 10)
{
    public static ReviewSettings Default { get; } = new();

    public IEnumerable<string> Validate()
    {
        if (AutoExtraRatings is < 0 or > 10) yield return "Extra ratings before a conflict reaches a lead must be between 0 and 10.";
        if (GoldRate is < 0 or > 0.5 || double.IsNaN(GoldRate)) yield return "The share of gold checks must be between 0 and 0.5.";
        if (PauseBelowGoldAccuracy is < 0 or > 1 || double.IsNaN(PauseBelowGoldAccuracy))
            yield return "The gold accuracy that pauses a rater must be between 0 and 1.";
        if (PauseAfterGoldTasks is < 1 or > 1000) yield return "The gold tasks before a pause must be between 1 and 1000.";
    }
}
