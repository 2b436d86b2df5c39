namespace LabelStudio.Data.Feedback;

/// <summary>The <c>Feedback</c> configuration section.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Largest click log accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 4L << 30;

    internal static IEnumerable<string> Validate(FeedbackOptions o)
    {
        if (o.MaxUploadBytes < 1) yield return "Feedback:MaxUploadBytes must be a positive number of bytes.";
    }
}
