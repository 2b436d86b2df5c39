namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Parsing and cleaning settings. Bot rule (a user is a bot when they have at least <see cref="BotMinImpressions"/>
/// impressions and either clicked at least <see cref="BotClickRatio"/> of the results shown to them, or at least
/// <see cref="BotMinKnownDwellClicks"/> of their clicks have a known dwell and at least <see cref="BotShortDwellShare"/>
/// of those are shorter than <see cref="BotShortDwellSeconds"/>). Spam rule (a pair is suspect when it has at least
/// <see cref="SpamMinClicks"/> clicks and one user made at least <see cref="SpamTopUserShare"/> of them, or at most
/// <see cref="SpamMaxDistinctUsers"/> distinct users clicked it).
/// </summary>
public sealed class IngestOptions
{
    /// <summary>Deepest rank kept (1..32); results below it are counted and ignored.</summary>
    public int MaxRank { get; init; } = 20;

    /// <summary>Dwell (seconds) at or above which a click is satisfied.</summary>
    public double SatDwellSeconds { get; init; } = 30;

    /// <summary>When a click has no dwell and is the last click of its impression, count it as satisfied.</summary>
    public bool UnknownDwellLastClickIsSatisfied { get; init; } = true;

    /// <summary>Drop duplicate impressions, bot users' impressions and flag spam pairs. Duplicate click events are always collapsed.</summary>
    public bool Clean { get; init; } = true;

    /// <summary>How many malformed-line examples to keep.</summary>
    public int MaxMalformedExamples { get; init; } = 20;

    /// <summary>Lines longer than this are reported as malformed and skipped.</summary>
    public int MaxLineBytes { get; init; } = 16 << 20;

    /// <summary>Minimum impressions before a user can be flagged as a bot.</summary>
    public int BotMinImpressions { get; init; } = 20;

    /// <summary>Clicks per shown result at or above which a user is a bot (ordinary users are near 0.1).</summary>
    public double BotClickRatio { get; init; } = 0.5;

    /// <summary>Dwell below which a click is "implausibly short".</summary>
    public double BotShortDwellSeconds { get; init; } = 2;

    /// <summary>Share of short-dwell clicks at or above which a user is a bot.</summary>
    public double BotShortDwellShare { get; init; } = 0.9;

    /// <summary>Known-dwell clicks needed before the short-dwell rule applies.</summary>
    public int BotMinKnownDwellClicks { get; init; } = 20;

    /// <summary>Minimum clicks before a pair can be a spam suspect.</summary>
    public int SpamMinClicks { get; init; } = 8;

    /// <summary>Share of a pair's clicks from its top user at or above which the pair is a spam suspect.</summary>
    public double SpamTopUserShare { get; init; } = 0.5;

    /// <summary>A pair with at least <see cref="SpamMinClicks"/> clicks from at most this many users is a spam suspect.</summary>
    public int SpamMaxDistinctUsers { get; init; } = 2;

    /// <summary>Threads that parse native JSONL blocks (1 = parse on the calling thread).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Bytes per parse block (whole lines; grown for longer lines up to <see cref="MaxLineBytes"/>).</summary>
    public int BlockBytes { get; init; } = 4 << 20;

    /// <summary>
    /// Compact impression records (about a seventh of the JSON size) are buffered in memory up to this many bytes and
    /// then spilled to a temporary file that is read back once during <see cref="ClickLogIngestor.Complete()"/>.
    /// Memory used for records therefore never exceeds this bound, however long the log.
    /// </summary>
    public int SpillThresholdBytes { get; init; } = 16 << 20;

    /// <summary>Directory of the temporary spill file (null = the system temp directory).</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>Yandex adapter: seconds per unit of TimePassed (dwell = next action time minus click time).</summary>
    public double YandexTimeUnitSeconds { get; init; } = 1;
}
