using System.Buffers.Text;
using System.Text;
using LabelStudio.Feedback.Calibration;

namespace LabelStudio.Feedback.Synthetic;

/// <summary>
/// Seeded generator of native JSONL click logs with known truth: graded relevance per (query, doc), PBM clicks with
/// examination θ_k, dwell depending on the grade, several rankers, personalisation swaps, duplicates, repeated click
/// events, null dwell, clickbait docs, bot users and single-user spam pairs.
/// </summary>
public sealed class SyntheticClickLog
{
    private readonly SyntheticClickLogOptions _o;
    private readonly byte[] _grades;
    private readonly double[] _alpha;
    private readonly bool[] _clickbait;
    private readonly int[][] _rankings;
    private readonly double[] _theta;
    private readonly double[] _queryCdf;
    private readonly bool[] _shown;
    private readonly (int Query, int Doc)[] _spam;
    private bool _written;

    private SyntheticClickLog(SyntheticClickLogOptions options)
    {
        _o = options;
        var rng = new Random(options.Seed);
        int q = options.Queries;
        int d = options.DocsPerQuery;
        int r = options.ResultsPerPage;
        if (r > d)
        {
            throw new ArgumentException("ResultsPerPage must not exceed DocsPerQuery.");
        }
        _theta = new double[r];
        for (int k = 0; k < r; k++)
        {
            _theta[k] = options.Theta is { } t ? t[k] : 1 / Math.Pow(k + 1, 0.8);
        }
        _grades = new byte[q * d];
        _alpha = new double[q * d];
        _clickbait = new bool[q * d];
        double wsum = options.GradeWeights.Sum();
        for (int i = 0; i < q * d; i++)
        {
            double u = rng.NextDouble() * wsum;
            int g = 0;
            while (g < 4 && u >= options.GradeWeights[g])
            {
                u -= options.GradeWeights[g];
                g++;
            }
            _grades[i] = (byte)g;
            double a = options.AttractivenessByGrade[g] * Math.Exp(0.2 * Gaussian(rng));
            if (g == 0 && rng.NextDouble() < options.ClickbaitShare)
            {
                _clickbait[i] = true;
                a = 0.6;
            }
            _alpha[i] = Math.Clamp(a, 0.005, 0.97);
        }
        int rankers = options.RankerNoise.Count;
        _rankings = new int[q * rankers][];
        var keys = new double[d];
        var idx = new int[d];
        for (int qi = 0; qi < q; qi++)
        {
            for (int ri = 0; ri < rankers; ri++)
            {
                for (int di = 0; di < d; di++)
                {
                    keys[di] = -(_grades[qi * d + di] + options.RankerNoise[ri] * Gaussian(rng));
                    idx[di] = di;
                }
                Array.Sort(keys, idx);
                _rankings[qi * rankers + ri] = idx[..r];
            }
        }
        _queryCdf = new double[q];
        double acc = 0;
        for (int qi = 0; qi < q; qi++)
        {
            acc += 1 / Math.Pow(qi + 1, options.QueryZipf);
            _queryCdf[qi] = acc;
        }
        _shown = new bool[q * d];
        _spam = new (int, int)[options.SpamPairs];
        for (int s = 0; s < options.SpamPairs; s++)
        {
            int qi = q / 4 + rng.Next(Math.Max(1, q - q / 4));
            var top = _rankings[qi * rankers];
            int pick = top[r / 2 + rng.Next(r - r / 2)];
            _spam[s] = (qi, pick);
        }
    }

    /// <summary>Builds the truth and rankings; nothing is written yet.</summary>
    public static SyntheticClickLog Create(SyntheticClickLogOptions? options = null) => new(options ?? new SyntheticClickLogOptions());

    /// <summary>The options used.</summary>
    public SyntheticClickLogOptions Options => _o;

    /// <summary>True examination probability per rank.</summary>
    public IReadOnlyList<double> Theta => _theta;

    /// <summary>Lines written by the last <see cref="WriteJsonl(Stream)"/> (duplicates included).</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Query id text of a query index.</summary>
    public static string QueryId(int query) => "q" + query.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Doc id text of a (query, doc) index.</summary>
    public static string DocId(int query, int doc) => QueryId(query) + "-d" + doc.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True grade 0–4 of a pair, or false when the ids are not from this log.</summary>
    public bool TryGetGrade(string queryId, string docId, out int grade)
    {
        grade = -1;
        if (queryId.Length < 2 || queryId[0] != 'q' || !int.TryParse(queryId.AsSpan(1), out int q) || q < 0 || q >= _o.Queries)
        {
            return false;
        }
        int dash = docId.LastIndexOf("-d", StringComparison.Ordinal);
        if (dash < 0 || !docId.AsSpan(0, dash).SequenceEqual(queryId) || !int.TryParse(docId.AsSpan(dash + 2), out int d)
            || d < 0 || d >= _o.DocsPerQuery)
        {
            return false;
        }
        grade = _grades[q * _o.DocsPerQuery + d];
        return true;
    }

    /// <summary>Whether the pair is clickbait (grade 0, attractive, short dwell).</summary>
    public bool IsClickbait(int query, int doc) => _clickbait[query * _o.DocsPerQuery + doc];

    /// <summary>The spam-pushed pairs.</summary>
    public IReadOnlyList<(string QueryId, string DocId)> SpamPairs => _spam.Select(s => (QueryId(s.Query), DocId(s.Query, s.Doc))).ToArray();

    /// <summary>Every pair shown at least once in the written log, with its true grade.</summary>
    public IEnumerable<SeedLabel> ShownTruth()
    {
        EnsureWritten();
        int d = _o.DocsPerQuery;
        for (int i = 0; i < _shown.Length; i++)
        {
            if (_shown[i])
            {
                yield return new SeedLabel(QueryId(i / d), DocId(i / d, i % d), _grades[i]);
            }
        }
    }

    /// <summary>A uniform sample of shown pairs with their true grades (a simulated human seed).</summary>
    public IReadOnlyList<SeedLabel> SampleSeed(int count, int seed = 7)
    {
        var all = ShownTruth().ToArray();
        new Random(seed).Shuffle(all);
        return all.Take(Math.Min(count, all.Length)).ToArray();
    }

    /// <summary>Writes the log to a file.</summary>
    public void WriteJsonl(string path)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteJsonl(fs);
    }

    /// <summary>Writes the log as native JSON Lines.</summary>
    public void WriteJsonl(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var o = _o;
        var rng = new Random(o.Seed * 31 + 1);
        Array.Clear(_shown);
        int d = o.DocsPerQuery;
        int r = o.ResultsPerPage;
        int rankers = o.RankerNoise.Count;
        var queryIds = new byte[o.Queries][];
        for (int i = 0; i < o.Queries; i++)
        {
            queryIds[i] = Encoding.ASCII.GetBytes(QueryId(i));
        }
        var rankerIds = Enumerable.Range(1, rankers).Select(i => Encoding.ASCII.GetBytes("ranker-v" + i)).ToArray();
        var w = new LineWriter(stream);
        var results = new int[r];
        var origin = new bool[r];
        var clickRanks = new List<int>(r + 4);
        var clickDwell = new List<double>(r + 4);
        long spamTotal = (long)o.SpamPairs * o.SpamImpressionsPerPair;
        double spamRate = o.Impressions == 0 ? 0 : (double)spamTotal / o.Impressions;
        double total = _queryCdf[^1];
        var sessionCounter = new int[o.Users + o.BotUsers + o.SpamPairs];
        long ts = 1_735_689_600_000;
        LinesWritten = 0;
        for (int i = 0; i < o.Impressions; i++)
        {
            double kind = rng.NextDouble();
            int q, user, spamDoc = -1;
            bool bot = false;
            if (kind < spamRate)
            {
                int s = rng.Next(o.SpamPairs);
                (q, spamDoc) = _spam[s];
                user = o.Users + o.BotUsers + s;
            }
            else if (kind < spamRate + o.BotImpressionShare && o.BotUsers > 0)
            {
                bot = true;
                user = o.Users + rng.Next(o.BotUsers);
                q = rng.Next(o.Queries);
            }
            else
            {
                user = rng.Next(o.Users);
                int pos = Array.BinarySearch(_queryCdf, rng.NextDouble() * total);
                q = Math.Min(pos < 0 ? ~pos : pos, o.Queries - 1);
            }
            int ranker = rng.Next(rankers);
            int other = -1;
            int shown = r;
            if (o.InterleavingShare > 0 && rankers > 1 && spamDoc < 0 && !bot && rng.NextDouble() < o.InterleavingShare)
            {
                other = (ranker + 1 + rng.Next(rankers - 1)) % rankers;
                shown = TeamDraft(_rankings[q * rankers + ranker], _rankings[q * rankers + other], results, origin, rng);
            }
            else
            {
                _rankings[q * rankers + ranker].AsSpan().CopyTo(results);
            }
            if (other < 0 && rng.NextDouble() < o.SwapRate && r > 1)
            {
                int j = rng.Next(r - 1);
                (results[j], results[j + 1]) = (results[j + 1], results[j]);
            }
            clickRanks.Clear();
            clickDwell.Clear();
            for (int k = 0; k < shown; k++)
            {
                int pair = q * d + results[k];
                _shown[pair] = true;
                if (spamDoc >= 0)
                {
                    if (results[k] == spamDoc)
                    {
                        clickRanks.Add(k);
                        clickDwell.Add(60 + 60 * rng.NextDouble());
                    }
                    continue;
                }
                if (bot)
                {
                    if (rng.NextDouble() < 0.8)
                    {
                        clickRanks.Add(k);
                        clickDwell.Add(0.3 + 1.2 * rng.NextDouble());
                    }
                    continue;
                }
                if (rng.NextDouble() < _theta[k] * _alpha[pair])
                {
                    clickRanks.Add(k);
                    double median = _clickbait[pair] ? 4 : _grades[pair] switch { 0 => 6, 1 => 15, 2 => 60, 3 => 90, _ => 120 };
                    clickDwell.Add(rng.NextDouble() < o.NullDwellRate ? double.NaN : median * Math.Exp(0.8 * Gaussian(rng)));
                }
            }
            int session = sessionCounter[user]++;
            w.Start();
            w.Raw("{\"impression_id\":\"imp-"u8);
            w.Int(i, 9);
            w.Raw("\",\"session_id\":\"s"u8);
            w.Int(user, 6);
            w.Raw("-"u8);
            w.Int(session, 0);
            w.Raw("\",\"user_id\":\"u"u8);
            w.Int(user, 6);
            w.Raw("\",\"query_id\":\""u8);
            w.Raw(queryIds[q]);
            w.Raw("\",\"ts\":"u8);
            w.Long(ts);
            if (other < 0)
            {
                w.Raw(",\"ranker\":\""u8);
                w.Raw(rankerIds[ranker]);
                w.Raw("\""u8);
            }
            else
            {
                w.Raw(",\"ranker\":\"interleaved\",\"interleaving\":{\"a\":\""u8);
                w.Raw(rankerIds[ranker]);
                w.Raw("\",\"b\":\""u8);
                w.Raw(rankerIds[other]);
                w.Raw("\",\"origin\":["u8);
                for (int k = 0; k < shown; k++)
                {
                    w.Raw(k == 0 ? "\""u8 : ",\""u8);
                    w.Raw(origin[k] ? "b\""u8 : "a\""u8);
                }
                w.Raw("]}"u8);
            }
            w.Raw(",\"results\":["u8);
            for (int k = 0; k < shown; k++)
            {
                if (k > 0)
                {
                    w.Raw(","u8);
                }
                w.Raw("\""u8);
                w.Raw(queryIds[q]);
                w.Raw("-d"u8);
                w.Int(results[k], 3);
                w.Raw("\""u8);
            }
            w.Raw("],\"clicks\":["u8);
            long clickTs = ts + 1500;
            for (int c = 0; c < clickRanks.Count; c++)
            {
                int repeats = rng.NextDouble() < o.RepeatClickRate ? 2 : 1;
                for (int rep = 0; rep < repeats; rep++)
                {
                    if (c > 0 || rep > 0)
                    {
                        w.Raw(","u8);
                    }
                    int k = clickRanks[c];
                    w.Raw("{\"pos\":"u8);
                    w.Int(k + 1, 0);
                    w.Raw(",\"doc\":\""u8);
                    w.Raw(queryIds[q]);
                    w.Raw("-d"u8);
                    w.Int(results[k], 3);
                    w.Raw("\",\"ts\":"u8);
                    w.Long(clickTs);
                    w.Raw(",\"dwell\":"u8);
                    double dwell = clickDwell[c];
                    if (double.IsNaN(dwell))
                    {
                        w.Raw("null"u8);
                    }
                    else
                    {
                        w.Fixed1(dwell);
                        clickTs += (long)(dwell * 1000) + 800;
                    }
                    w.Raw("}"u8);
                }
            }
            w.Raw("]}\n"u8);
            w.End(repeat: rng.NextDouble() < o.DuplicateRate);
            LinesWritten += w.LastLineCount;
            ts += 37;
        }
        w.Flush();
        _written = true;
    }

    /// <summary>
    /// Team-draft interleaving of two rankings: each round a coin says which team picks first, and each team adds its
    /// highest-ranked result not already in the list. Returns the list's length; <paramref name="origin"/>[k] is true
    /// when result k came from ranking b.
    /// </summary>
    private static int TeamDraft(int[] a, int[] b, int[] results, bool[] origin, Random rng)
    {
        int n = 0, ia = 0, ib = 0;
        while (n < results.Length)
        {
            bool aFirst = rng.Next(2) == 0;
            int before = n;
            for (int t = 0; t < 2 && n < results.Length; t++)
            {
                bool fromB = (t == 0) != aFirst;
                ref int i = ref fromB ? ref ib : ref ia;
                var list = fromB ? b : a;
                while (i < list.Length && results.AsSpan(0, n).Contains(list[i]))
                {
                    i++;
                }
                if (i < list.Length)
                {
                    results[n] = list[i++];
                    origin[n] = fromB;
                    n++;
                }
            }
            if (n == before)
            {
                break;
            }
        }
        return n;
    }

    private void EnsureWritten()
    {
        if (!_written)
        {
            WriteJsonl(Stream.Null);
        }
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private sealed class LineWriter(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _pos;
        private int _lineStart;

        public int LastLineCount { get; private set; }

        public void Start()
        {
            if (_pos > _buffer.Length - 16384)
            {
                Flush();
            }
            _lineStart = _pos;
        }

        public void End(bool repeat)
        {
            LastLineCount = 1;
            if (repeat)
            {
                int len = _pos - _lineStart;
                _buffer.AsSpan(_lineStart, len).CopyTo(_buffer.AsSpan(_pos));
                _pos += len;
                LastLineCount = 2;
            }
        }

        public void Raw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer.AsSpan(_pos));
            _pos += bytes.Length;
        }

        public void Int(int value, int digits)
        {
            Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int written,
                digits > 0 ? new System.Buffers.StandardFormat('D', (byte)digits) : default);
            _pos += written;
        }

        public void Long(long value)
        {
            Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int written);
            _pos += written;
        }

        public void Fixed1(double value)
        {
            Utf8Formatter.TryFormat(Math.Round(value, 1), _buffer.AsSpan(_pos), out int written, new System.Buffers.StandardFormat('F', 1));
            _pos += written;
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _pos);
            _pos = 0;
            _lineStart = 0;
        }
    }
}
