namespace LabelStudio.Data.Review;

/// <summary>What dynamic overlap did: tasks that got extra ratings, and how they ended.</summary>
/// <param name="Settled">Agreed after the extra ratings: conflicts no lead had to look at.</param>
/// <param name="ReachedLeads">Still a conflict after the extra ratings (now in the queue, resolved or invalid).</param>
/// <param name="Waiting">Waiting for their extra ratings.</param>
public sealed record DynamicOverlapStats(int Setting, int Escalated, int Settled, int ReachedLeads, int Waiting, int ExtraRatingsAsked);

/// <summary>How a lead's resolutions went against one rater: on the tasks they rated, how often their answer stood.</summary>
public sealed record RaterResolutionStats(string UserId, string Name, int ResolvedTasks, int Upheld, int Overturned)
{
    public double? UpheldShare => ResolvedTasks == 0 ? null : (double)Upheld / ResolvedTasks;
}

/// <summary>The review queue at a glance: open conflicts, decisions so far, dynamic overlap, paused raters.</summary>
public sealed record ReviewSummary(int OpenConflicts, int Resolved, int Invalid, int SentBack, DynamicOverlapStats Overlap,
    IReadOnlyList<RaterGoldStats> PausedRaters);
