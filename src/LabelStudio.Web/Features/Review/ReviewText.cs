using System.Globalization;
using LabelStudio.Data.Quality;
using LabelStudio.Quality;
using LabelStudio.Data.Review;
using MudBlazor;

namespace LabelStudio.Web.Features.Review;

/// <summary>How the review pages word states, decisions, origins and times.</summary>
internal static class ReviewText
{
    public static string State(TaskState state) => state switch
    {
        TaskState.Open => "Open",
        TaskState.Reserved => "Reserved",
        TaskState.Complete => "Complete",
        TaskState.Agreed => "Agreed",
        TaskState.Conflict => "Conflict",
        TaskState.Resolved => "Resolved",
        TaskState.Withdrawn => "Withdrawn",
        _ => "Invalid",
    };

    public static Color StateColor(TaskState state) => state switch
    {
        TaskState.Agreed => Color.Success,
        TaskState.Conflict => Color.Error,
        TaskState.Resolved => Color.Primary,
        TaskState.Invalid => Color.Dark,
        TaskState.Reserved => Color.Info,
        _ => Color.Default,
    };

    public static TaskState ToTaskState(TaskOutcomeState state) => state switch
    {
        TaskOutcomeState.Agreed => TaskState.Agreed,
        TaskOutcomeState.Conflict => TaskState.Conflict,
        TaskOutcomeState.Resolved => TaskState.Resolved,
        TaskOutcomeState.Invalid => TaskState.Invalid,
        _ => TaskState.Open,
    };

    public static string Origin(FinalLabelOrigin origin) => origin switch
    {
        FinalLabelOrigin.Resolution => "Lead's resolution",
        FinalLabelOrigin.Gold => "Gold answer",
        FinalLabelOrigin.Consensus => "Consensus",
        FinalLabelOrigin.ClickFeedback => "Click feedback",
        _ => "None",
    };

    public static string NoneReason(string? reason) => reason switch
    {
        "invalid" => "marked invalid",
        "conflict" => "unresolved conflict",
        "no-majority" => "no majority",
        "awaiting-ratings" => "waiting for more ratings",
        "open" => "waiting for ratings",
        _ => "no answer",
    };

    public static string Decision(ResolutionDecision decision) => decision switch
    {
        ResolutionDecision.Accept => "Accepted a rater's answer",
        ResolutionDecision.Edit => "Own answer",
        ResolutionDecision.MoreRatings => "Asked for more ratings",
        _ => "Marked invalid",
    };

    public static string Seconds(double seconds) => seconds < 60
        ? seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min";

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Plural(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} {many}";
}
