namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// The mergeable evidence of one (query, doc) pair from one log: counts, per-rank cells and its most active clicker
/// (so that the spam rule can be applied again to the evidence of several logs).
/// </summary>
/// <param name="ClickerClicks">Clicks made by identified users (the spam rule's denominator).</param>
/// <param name="TopClicker">Id of the user who clicked the pair most, or null without identified clicks.</param>
/// <param name="TopClickerClicks">That user's clicks on the pair.</param>
public sealed record StoredPairEvidence(int Impressions, int Clicks, int SatClicks, int SdbnExamined, int SdbnLastClicks,
    int DistinctClickers, int ClickerClicks, string? TopClicker, int TopClickerClicks, IReadOnlyList<StoredCell> Cells)
{
    /// <summary>Cells as <c>rank:impressions:clicks:sat</c> joined by <c>;</c> (the stored form).</summary>
    public string CellsText() => string.Join(';', Cells.Select(c => FormattableString.Invariant($"{c.Rank}:{c.Impressions}:{c.Clicks}:{c.SatClicks}")));

    /// <summary>Reads <see cref="CellsText"/>; malformed parts are skipped.</summary>
    public static IReadOnlyList<StoredCell> ParseCells(string text)
    {
        var list = new List<StoredCell>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = part.Split(':');
            if (f.Length == 4 && int.TryParse(f[0], out var r) && int.TryParse(f[1], out var n) && int.TryParse(f[2], out var c)
                && int.TryParse(f[3], out var s) && r >= 1)
            {
                list.Add(new StoredCell(r, n, c, s));
            }
        }
        return list;
    }
}
