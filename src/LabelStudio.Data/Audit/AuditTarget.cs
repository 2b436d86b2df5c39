namespace LabelStudio.Data.Audit;

/// <summary>What an audit event is about.</summary>
public readonly record struct AuditTarget(string Type, string Id)
{
    public static AuditTarget User(string userId) => new("User", userId);
    public static AuditTarget Project(long projectId) => new("Project", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static AuditTarget FeedbackIngest(long ingestId) => new("FeedbackIngest", ingestId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static AuditTarget Task(long taskId) => new("Task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static AuditTarget Dataset(long versionId) => new("Dataset", versionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static AuditTarget Token(long tokenId) => new("Token", tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
