namespace LabelStudio.Data.Import;

/// <summary>
/// The author of imported annotations (Label Studio's <c>completed_by</c>), one per distinct author per project, so that
/// their answers count in agreement, consensus and conflicts as that rater's. Not an account: it has no sign-in, no
/// role, no membership, never gets tasks and is never listed among users. It appears with the first batch that names
/// the author and, like that batch's rows, is invisible until the batch is published (and deleted if it never is).
/// </summary>
public sealed class ImportedRater
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    /// <summary>The author as the file named it: the Label Studio user id, else the e-mail. Later imports reuse the rater by it.</summary>
    public string ExternalKey { get; set; } = "";
    /// <summary>What the product shows: the e-mail or name the file gave, else "Imported #12".</summary>
    public string DisplayName { get; set; } = "";
    /// <summary>The batch that introduced the author.</summary>
    public long ImportBatchId { get; set; }
    public DateTime CreatedAt { get; set; }
}
