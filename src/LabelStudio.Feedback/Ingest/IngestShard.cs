using System.Numerics;
using System.Runtime.CompilerServices;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Parser-side state for one block of input: local id tables, the scratch impression and compact records with
/// local ids. Shards are parsed in parallel and merged into the ingestor in file order, so results are deterministic.
/// Record: [n | (lastRank+1) &lt;&lt; 8 | knownDwell &lt;&lt; 16 | shortDwell &lt;&lt; 24], [collapsed | orphans &lt;&lt; 8 |
/// beyondRank &lt;&lt; 16 | nullDwell &lt;&lt; 24], clickEvents | resultsBeyondMaxRank &lt;&lt; 16, hashLo, hashHi, user, query, ranker, clickMask, satMask,
/// interleaveA, interleaveB, creditsA | creditsB &lt;&lt; 8, docs…
/// </summary>
internal sealed class IngestShard(IngestOptions options)
{
    public const int HeaderInts = 13;

    private readonly double[] _dwellAtRank = new double[32];

    public IngestOptions Options { get; } = options;
    public ImpressionScratch Scratch { get; } = new();
    public Utf8Interner QueryTable { get; } = new();
    public Utf8Interner DocTable { get; } = new();
    public Utf8Interner UserTable { get; } = new();
    public Utf8Interner RankerTable { get; } = new();
    public IntChunkList Records { get; } = new();

    // Local-to-global id maps, owned by the ingestor's merge. The shard's id tables persist across the blocks it parses
    // (bounded by the distinct ids), so each distinct id is looked up in the global tables once per shard, not once per block.
    public int[] MapQuery = [];
    public int[] MapDoc = [];
    public int[] MapUser = [];
    public int[] MapRanker = [];
    public List<MalformedLine> MalformedExamples { get; } = [];
    public long Malformed { get; private set; }
    public long Lines { get; private set; }

    /// <summary>Absolute number of the block's first line minus one.</summary>
    public long LineOffset { get; set; }

    /// <summary>Raw text of the block (parallel native path).</summary>
    public byte[] Buffer { get; set; } = [];
    public int Length { get; set; }

    public void CountLine() => Lines++;

    public void ReportMalformed(long lineNumber, string reason)
    {
        Malformed++;
        if (MalformedExamples.Count < Options.MaxMalformedExamples)
        {
            MalformedExamples.Add(new MalformedLine(lineNumber, reason));
        }
    }

    /// <summary>Clears the block's records and counters; the id tables (and their global maps) are kept.</summary>
    public void Reset()
    {
        Records.Clear();
        MalformedExamples.Clear();
        Malformed = 0;
        Lines = 0;
        Length = 0;
    }

    /// <summary>Resolves clicks to ranks, collapses repeats, derives satisfied clicks and appends the record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit()
    {
        var s = Scratch;
        int maxRank = Options.MaxRank;
        int n = Math.Min(s.DocCount, maxRank);
        uint clickMask = 0;
        int lastRank = -1;
        int collapsed = s.ClicksDropped, orphans = 0, beyond = 0, nullDwell = 0, known = 0, shortDwell = 0;
        for (int i = 0; i < s.ClickCount; i++)
        {
            int rank = -1;
            int doc = s.ClickDoc[i];
            if (doc >= 0)
            {
                for (int j = 0; j < s.DocCount; j++)
                {
                    if (s.Docs[j] == doc)
                    {
                        rank = j;
                        break;
                    }
                }
            }
            else if (s.ClickPos[i] >= 1 && s.ClickPos[i] <= s.DocCount)
            {
                rank = s.ClickPos[i] - 1;
            }
            if (rank < 0)
            {
                orphans++;
                continue;
            }
            if (rank >= n)
            {
                beyond++;
                continue;
            }
            uint bit = 1u << rank;
            double dwell = s.ClickDwell[i];
            if ((clickMask & bit) != 0)
            {
                collapsed++;
                if (!double.IsNaN(dwell) && (double.IsNaN(_dwellAtRank[rank]) || dwell > _dwellAtRank[rank]))
                {
                    _dwellAtRank[rank] = dwell;
                }
            }
            else
            {
                clickMask |= bit;
                _dwellAtRank[rank] = dwell;
            }
            lastRank = rank;
        }
        uint satMask = 0;
        uint m = clickMask;
        while (m != 0)
        {
            int rank = BitOperations.TrailingZeroCount(m);
            m &= m - 1;
            double dwell = _dwellAtRank[rank];
            if (double.IsNaN(dwell))
            {
                nullDwell++;
                if (rank == lastRank && Options.UnknownDwellLastClickIsSatisfied)
                {
                    satMask |= 1u << rank;
                }
            }
            else
            {
                known++;
                if (dwell >= Options.SatDwellSeconds)
                {
                    satMask |= 1u << rank;
                }
                if (dwell < Options.BotShortDwellSeconds)
                {
                    shortDwell++;
                }
            }
        }
        var rec = Records.Append(HeaderInts + n);
        rec[0] = n | ((lastRank + 1) << 8) | (Math.Min(known, 255) << 16) | (Math.Min(shortDwell, 255) << 24);
        rec[1] = Math.Min(collapsed, 255) | (Math.Min(orphans, 255) << 8) | (Math.Min(beyond, 255) << 16) | (Math.Min(nullDwell, 255) << 24);
        rec[2] = Math.Min(s.ClickCount + s.ClicksDropped, 0xFFFF) | (Math.Min(s.ResultsTotal - n, 0x7FFF) << 16);
        rec[3] = (int)(uint)s.IdHash;
        rec[4] = (int)(uint)(s.IdHash >> 32);
        rec[5] = s.User;
        rec[6] = s.Query;
        rec[7] = s.Ranker;
        rec[8] = (int)clickMask;
        rec[9] = (int)satMask;
        rec[10] = s.InterleaveA;
        rec[11] = s.InterleaveB;
        rec[12] = BitOperations.PopCount(clickMask & s.OriginA) | (BitOperations.PopCount(clickMask & s.OriginB) << 8);
        s.Docs.AsSpan(0, n).CopyTo(rec[HeaderInts..]);
    }
}
