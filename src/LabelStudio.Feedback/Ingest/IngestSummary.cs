namespace LabelStudio.Feedback.Ingest;

/// <summary>Counters of one ingest: what was read, rejected, collapsed and cleaned.</summary>
public sealed record IngestSummary
{
    /// <summary>Lines read, including blank and malformed ones.</summary>
    public long Lines { get; init; }

    /// <summary>Impressions parsed (including duplicates).</summary>
    public long ImpressionsRead { get; init; }

    /// <summary>Impressions kept for the models (after dedup and bot removal).</summary>
    public long ImpressionsKept { get; init; }

    /// <summary>Impressions whose id was already seen.</summary>
    public long DuplicateImpressions { get; init; }

    /// <summary>Malformed lines (never fatal).</summary>
    public long MalformedLines { get; init; }

    /// <summary>The first malformed lines with their numbers.</summary>
    public IReadOnlyList<MalformedLine> MalformedExamples { get; init; } = [];

    /// <summary>Click events read on unique impressions.</summary>
    public long ClickEvents { get; init; }

    /// <summary>Repeated click events on an already clicked result, merged into one click.</summary>
    public long CollapsedClicks { get; init; }

    /// <summary>Clicks whose doc/pos matched no shown result.</summary>
    public long OrphanClicks { get; init; }

    /// <summary>Clicks on results deeper than the maximum rank.</summary>
    public long ClicksBeyondMaxRank { get; init; }

    /// <summary>Results deeper than the maximum rank (ignored).</summary>
    public long ResultsBeyondMaxRank { get; init; }

    /// <summary>Distinct clicks without a dwell value.</summary>
    public long NullDwellClicks { get; init; }

    /// <summary>Distinct users seen.</summary>
    public int Users { get; init; }

    /// <summary>Users flagged as bots.</summary>
    public int BotUsers { get; init; }

    /// <summary>Impressions dropped because their user is a bot.</summary>
    public long BotImpressionsDropped { get; init; }

    /// <summary>Distinct queries among kept impressions.</summary>
    public int Queries { get; init; }

    /// <summary>Distinct docs among kept impressions.</summary>
    public int Docs { get; init; }

    /// <summary>Distinct (query, doc) pairs with evidence.</summary>
    public int Pairs { get; init; }

    /// <summary>Distinct (query, doc, rank) cells.</summary>
    public int Cells { get; init; }

    /// <summary>Pairs whose clicks come from suspiciously few users.</summary>
    public int SpamPairs { get; init; }

    /// <summary>Kept impressions per ranker name.</summary>
    public IReadOnlyDictionary<string, long> Rankers { get; init; } = new Dictionary<string, long>();

    /// <summary>Whether cleaning was on.</summary>
    public bool Cleaned { get; init; }
}
