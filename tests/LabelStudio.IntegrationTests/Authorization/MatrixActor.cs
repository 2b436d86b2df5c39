namespace LabelStudio.IntegrationTests.Authorization;

/// <summary>The columns of the authorization matrix, in table order.</summary>
public enum MatrixActor
{
    /// <summary>No credentials at all.</summary>
    Anonymous,
    /// <summary>A rater who is a member of the other project only.</summary>
    RaterOutside,
    /// <summary>A rater member of the project.</summary>
    RaterInside,
    /// <summary>A user with the global Lead role who leads the other project only.</summary>
    LeadOfOther,
    /// <summary>The project's lead (global Lead role, lead member of the project).</summary>
    Lead,
    /// <summary>An administrator (not a member of the project).</summary>
    Admin,
}
