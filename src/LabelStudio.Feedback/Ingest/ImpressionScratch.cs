namespace LabelStudio.Feedback.Ingest;

/// <summary>One impression being parsed; reused for every line.</summary>
internal sealed class ImpressionScratch
{
    public const int MaxResults = 256;
    public const int MaxClicks = 256;

    public ulong IdHash;
    public int User = -1;
    public int Query = -1;
    public int Ranker = -1;

    /// <summary>Interleaved impression: the two rankers (local ids, -1 = not interleaved) and which ranks each contributed.</summary>
    public int InterleaveA = -1;
    public int InterleaveB = -1;
    public uint OriginA;
    public uint OriginB;
    public readonly int[] Docs = new int[MaxResults];
    public int DocCount;
    public int ResultsTotal;
    public readonly int[] ClickDoc = new int[MaxClicks];
    public readonly int[] ClickPos = new int[MaxClicks];
    public readonly double[] ClickDwell = new double[MaxClicks];
    public int ClickCount;
    public int ClicksDropped;

    public void Reset()
    {
        IdHash = 0;
        User = -1;
        Query = -1;
        Ranker = -1;
        InterleaveA = -1;
        InterleaveB = -1;
        OriginA = 0;
        OriginB = 0;
        DocCount = 0;
        ResultsTotal = 0;
        ClickCount = 0;
        ClicksDropped = 0;
    }

    public void AddResult(int doc)
    {
        if (DocCount < MaxResults)
        {
            Docs[DocCount++] = doc;
        }
        ResultsTotal++;
    }

    /// <summary>Adds a click; doc -1 = unknown, pos 0 = unknown (pos is 1-based), dwell NaN = null.</summary>
    public void AddClick(int doc, int pos, double dwell)
    {
        if (ClickCount < MaxClicks)
        {
            ClickDoc[ClickCount] = doc;
            ClickPos[ClickCount] = pos;
            ClickDwell[ClickCount] = dwell;
            ClickCount++;
        }
        else
        {
            ClicksDropped++;
        }
    }
}
