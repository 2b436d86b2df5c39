using System.Numerics;
using System.Runtime.CompilerServices;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Streams click logs in, then cleans and aggregates them (<see cref="Complete"/>).
/// <para>
/// Design: one pass over each file. Native logs are cut into blocks of whole lines that are parsed in parallel
/// (each block with its own id tables) and merged in file order, so results do not depend on thread timing. Each unique impression is kept as a compact int record
/// (user, query, ranker, click and satisfied-click bitmasks, last-click rank, interned doc ids: about 7 + results ints,
/// roughly a tenth of the JSON text), together with per-user counters. Bot users can only be identified once the whole
/// log has been read, so <see cref="Complete"/> flags them and then aggregates the records of the other users.
/// The text itself is never held: lines are parsed from one pooled buffer. Dedup keeps one 64-bit hash per impression id.
/// </para>
/// </summary>
public sealed class ClickLogIngestor
{
    private readonly IngestOptions _options;
    private readonly int _maxRank;
    private readonly Utf8Interner _queries = new();
    private readonly Utf8Interner _docs = new();
    private readonly Utf8Interner _users = new();
    private readonly Utf8Interner _rankers = new();
    private readonly LongHashSet _impressionIds = new();
    private readonly IntChunkList _records = new();
    private readonly List<MalformedLine> _malformedExamples = [];
    private int[] _mapQuery = [];
    private int[] _mapDoc = [];
    private int[] _mapUser = [];
    private int[] _mapRanker = [];
    private int[] _userImpressions = new int[1024];
    private int[] _userShown = new int[1024];
    private int[] _userClicks = new int[1024];
    private int[] _userKnownDwell = new int[1024];
    private int[] _userShortDwell = new int[1024];
    private long _lines;
    private long _impressionsRead;
    private long _duplicates;
    private long _malformed;
    private long _clickEvents;
    private long _collapsed;
    private long _orphans;
    private long _beyondRankClicks;
    private long _beyondRankResults;
    private long _nullDwell;
    private bool _completed;

    /// <summary>Creates an ingestor.</summary>
    public ClickLogIngestor(IngestOptions? options = null)
    {
        _options = options ?? new IngestOptions();
        if (_options.MaxRank is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRank must be between 1 and 32.");
        }
        _maxRank = _options.MaxRank;
    }

    /// <summary>The options in use.</summary>
    public IngestOptions Options => _options;


    /// <summary>Reads a log from a stream (may be called several times before <see cref="Complete"/>).</summary>
    public void Add(Stream stream, ClickLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_completed)
        {
            throw new InvalidOperationException("The ingestor is already completed.");
        }
        if (format == ClickLogFormat.Yandex)
        {
            var shard = new IngestShard(_options);
            new YandexRpcParser(shard, Merge).Parse(stream);
            Merge(shard);
        }
        else
        {
            AddNativeParallel(stream);
        }
    }

    /// <summary>Reads a native JSON Lines log.</summary>
    public void AddNative(Stream stream) => Add(stream, ClickLogFormat.Native);

    /// <summary>Reads a Yandex Relevance Prediction Challenge log.</summary>
    public void AddYandex(Stream stream) => Add(stream, ClickLogFormat.Yandex);

    /// <summary>Convenience: ingest one stream and complete.</summary>
    public static ClickAggregate Ingest(Stream stream, ClickLogFormat format, IngestOptions? options = null)
    {
        var ingestor = new ClickLogIngestor(options);
        ingestor.Add(stream, format);
        return ingestor.Complete();
    }

    /// <summary>
    /// Reads fixed-size blocks of whole lines on this thread and parses them on worker threads (one shard each);
    /// shards are merged strictly in file order. At most workers + 1 blocks are in memory.
    /// </summary>
    private void AddNativeParallel(Stream stream)
    {
        int workers = Math.Clamp(_options.MaxDegreeOfParallelism, 1, 16);
        int blockSize = Math.Min(_options.BlockBytes, Math.Max(4096, _options.MaxLineBytes));
        var pool = new Stack<IngestShard>();
        var inflight = new Queue<(IngestShard Shard, Task Task)>();
        byte[] carry = new byte[blockSize];
        int carryLength = 0;
        long lineNumber = 0;
        bool eof = false;
        while (!eof || carryLength > 0)
        {
            var shard = pool.Count > 0 ? pool.Pop() : new IngestShard(_options) { Buffer = new byte[blockSize] };
            var buffer = shard.Buffer;
            if (buffer.Length < carryLength)
            {
                buffer = new byte[Math.Max(carryLength * 2, blockSize)];
            }
            Buffer.BlockCopy(carry, 0, buffer, 0, carryLength);
            int length = carryLength;
            carryLength = 0;
            int cut;
            while (true)
            {
                while (!eof && length < buffer.Length)
                {
                    int read = stream.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        eof = true;
                    }
                    length += read;
                }
                int lastNl = buffer.AsSpan(0, length).LastIndexOf((byte)'\n');
                if (lastNl >= 0 || eof)
                {
                    cut = eof ? length : lastNl + 1;
                    break;
                }
                if (buffer.Length <= _options.MaxLineBytes)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _options.MaxLineBytes + 1));
                    continue;
                }
                // One line longer than the limit: report it and skip to its end.
                lineNumber++;
                _lines++;
                ReportMalformed(lineNumber, $"line longer than {_options.MaxLineBytes} bytes");
                length = SkipPastNewline(stream, buffer, ref eof);
                if (length == 0 && eof)
                {
                    cut = 0;
                    break;
                }
            }
            shard.Buffer = buffer;
            shard.Length = cut;
            shard.LineOffset = lineNumber;
            int lines = buffer.AsSpan(0, cut).Count((byte)'\n');
            if (cut > 0 && buffer[cut - 1] != (byte)'\n')
            {
                lines++;
            }
            lineNumber += lines;
            carryLength = length - cut;
            if (carry.Length < carryLength)
            {
                carry = new byte[carryLength * 2];
            }
            Buffer.BlockCopy(buffer, cut, carry, 0, carryLength);
            if (cut == 0)
            {
                pool.Push(shard);
                continue;
            }
            var parser = new NativeJsonlParser(shard);
            inflight.Enqueue((shard, workers == 1 ? Run(parser) : Task.Run(parser.ParseBlock)));
            while (inflight.Count > workers)
            {
                var (done, task) = inflight.Dequeue();
                task.GetAwaiter().GetResult();
                Merge(done);
                pool.Push(done);
            }
        }
        while (inflight.Count > 0)
        {
            var (done, task) = inflight.Dequeue();
            task.GetAwaiter().GetResult();
            Merge(done);
        }

        static Task Run(NativeJsonlParser parser)
        {
            parser.ParseBlock();
            return Task.CompletedTask;
        }
    }

    /// <summary>Discards input up to and including the next newline; returns how many bytes after it are in the buffer.</summary>
    private static int SkipPastNewline(Stream stream, byte[] buffer, ref bool eof)
    {
        while (true)
        {
            int read = stream.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                eof = true;
                return 0;
            }
            int nl = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int rest = read - nl - 1;
                Buffer.BlockCopy(buffer, nl + 1, buffer, 0, rest);
                return rest;
            }
        }
    }

    private void ReportMalformed(long lineNumber, string reason)
    {
        _malformed++;
        if (_malformedExamples.Count < _options.MaxMalformedExamples)
        {
            _malformedExamples.Add(new MalformedLine(lineNumber, reason));
        }
    }

    private static int Map(ref int[] map, int local, Utf8Interner from, Utf8Interner to)
    {
        int g = map[local];
        if (g < 0)
        {
            g = to.GetOrAdd(from.GetBytes(local));
            map[local] = g;
        }
        return g;
    }

    private static void PrepareMap(ref int[] map, int count)
    {
        if (map.Length < count)
        {
            map = new int[Math.Max(count, map.Length * 2)];
        }
        map.AsSpan(0, count).Fill(-1);
    }

    /// <summary>Takes a parsed shard in file order: dedup, global ids, per-user counters, compact record; resets the shard.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Merge(IngestShard shard)
    {
        _lines += shard.Lines;
        _malformed += shard.Malformed;
        foreach (var m in shard.MalformedExamples)
        {
            if (_malformedExamples.Count < _options.MaxMalformedExamples)
            {
                _malformedExamples.Add(m);
            }
        }
        PrepareMap(ref _mapQuery, shard.QueryTable.Count);
        PrepareMap(ref _mapDoc, shard.DocTable.Count);
        PrepareMap(ref _mapUser, shard.UserTable.Count);
        PrepareMap(ref _mapRanker, shard.RankerTable.Count);
        bool clean = _options.Clean;
        for (int ci = 0; ci < shard.Records.ChunkCount; ci++)
        {
            var chunk = shard.Records.GetChunk(ci);
            int p = 0;
            while (p < chunk.Length)
            {
                int h0 = chunk[p];
                int n = h0 & 0xFF;
                var rec = chunk.Slice(p, IngestShard.HeaderInts + n);
                p += IngestShard.HeaderInts + n;
                _impressionsRead++;
                ulong hash = (uint)rec[3] | ((ulong)(uint)rec[4] << 32);
                if (clean && !_impressionIds.Add(hash))
                {
                    _duplicates++;
                    continue;
                }
                int lastRank = ((h0 >> 8) & 0xFF) - 1;
                int known = (h0 >> 16) & 0xFF;
                int shortDwell = (h0 >> 24) & 0xFF;
                int h1 = rec[1];
                _collapsed += h1 & 0xFF;
                _orphans += (h1 >> 8) & 0xFF;
                _beyondRankClicks += (h1 >> 16) & 0xFF;
                _nullDwell += (h1 >> 24) & 0xFF;
                _clickEvents += rec[2] & 0xFFFF;
                _beyondRankResults += rec[2] >> 16;
                int user = rec[5] >= 0 ? Map(ref _mapUser, rec[5], shard.UserTable, _users) : -1;
                int query = Map(ref _mapQuery, rec[6], shard.QueryTable, _queries);
                int ranker = rec[7] >= 0 ? Map(ref _mapRanker, rec[7], shard.RankerTable, _rankers) : -1;
                uint clickMask = (uint)rec[8];
                if (user >= 0)
                {
                    EnsureUserCapacity(user);
                    _userImpressions[user]++;
                    _userShown[user] += n;
                    _userClicks[user] += BitOperations.PopCount(clickMask);
                    _userKnownDwell[user] += known;
                    _userShortDwell[user] += shortDwell;
                }
                var dst = _records.Append(7 + n);
                dst[0] = n;
                dst[1] = user;
                dst[2] = query;
                dst[3] = ranker;
                dst[4] = (int)clickMask;
                dst[5] = rec[9];
                dst[6] = lastRank;
                for (int k = 0; k < n; k++)
                {
                    dst[7 + k] = Map(ref _mapDoc, rec[IngestShard.HeaderInts + k], shard.DocTable, _docs);
                }
            }
        }
        shard.Reset();
    }

    private void EnsureUserCapacity(int user)
    {
        if (user < _userImpressions.Length)
        {
            return;
        }
        int size = Math.Max(_userImpressions.Length * 2, user + 1);
        Array.Resize(ref _userImpressions, size);
        Array.Resize(ref _userShown, size);
        Array.Resize(ref _userClicks, size);
        Array.Resize(ref _userKnownDwell, size);
        Array.Resize(ref _userShortDwell, size);
    }

    /// <summary>Flags bots, aggregates the kept impressions into pair and cell counts, flags spam pairs.</summary>
    public ClickAggregate Complete() => Complete(out _, out _);

    /// <summary>As <see cref="Complete()"/>, also returning the time spent flagging bots and aggregating.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ClickAggregate Complete(out TimeSpan cleanTime, out TimeSpan aggregateTime)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The ingestor is already completed.");
        }
        _completed = true;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int userCount = _users.Count;
        EnsureUserCapacity(Math.Max(0, userCount - 1));
        var isBot = new bool[userCount];
        int bots = 0;
        if (_options.Clean)
        {
            for (int u = 0; u < userCount; u++)
            {
                if (_userImpressions[u] < _options.BotMinImpressions)
                {
                    continue;
                }
                double clickRatio = _userShown[u] == 0 ? 0 : (double)_userClicks[u] / _userShown[u];
                bool shortDwell = _userKnownDwell[u] >= _options.BotMinKnownDwellClicks
                    && (double)_userShortDwell[u] / _userKnownDwell[u] >= _options.BotShortDwellShare;
                if (clickRatio >= _options.BotClickRatio || shortDwell)
                {
                    isBot[u] = true;
                    bots++;
                }
            }
        }
        cleanTime = sw.Elapsed;
        sw.Restart();

        int maxRank = _maxRank;
        if (_queries.Count >= 1 << 27)
        {
            throw new InvalidDataException("Too many distinct queries (limit 134,217,728).");
        }
        var cellMap = new LongIntMap(1 << 16);
        var pairMap = new LongIntMap(1 << 14);
        var cells = new GrowableCells();
        var pairs = new GrowablePairs();
        var clickKeys = new List<long>(1 << 16);
        var rankImpr = new long[maxRank];
        var rankClicks = new long[maxRank];
        var rankerCounts = new long[_rankers.Count + 1];
        long botDropped = 0;
        long kept = 0;
        for (int ci = 0; ci < _records.ChunkCount; ci++)
        {
            var chunk = _records.GetChunk(ci);
            int p = 0;
            while (p < chunk.Length)
            {
                int n = chunk[p];
                int user = chunk[p + 1];
                int query = chunk[p + 2];
                int ranker = chunk[p + 3];
                uint clickMask = (uint)chunk[p + 4];
                uint satMask = (uint)chunk[p + 5];
                int lastRank = chunk[p + 6];
                var docs = chunk.Slice(p + 7, n);
                p += 7 + n;
                if (user >= 0 && isBot[user])
                {
                    botDropped++;
                    continue;
                }
                kept++;
                rankerCounts[ranker + 1]++;
                ulong qHigh = (ulong)query << 37;
                for (int k = 0; k < n; k++)
                {
                    int doc = docs[k];
                    ulong key = qHigh | ((ulong)(uint)doc << 5) | (uint)k;
                    int cell = cellMap.GetOrAdd(key, cells.Count, out bool added);
                    int pair;
                    if (added)
                    {
                        pair = pairMap.GetOrAdd(((ulong)(uint)query << 32) | (uint)doc, pairs.Count, out bool pairAdded);
                        if (pairAdded)
                        {
                            pairs.Add(query, doc);
                        }
                        cells.Add(pair, k);
                    }
                    else
                    {
                        pair = cells.Pair[cell];
                    }
                    uint bit = 1u << k;
                    cells.N[cell]++;
                    pairs.Impressions[pair]++;
                    rankImpr[k]++;
                    if ((clickMask & bit) != 0)
                    {
                        cells.C[cell]++;
                        pairs.Clicks[pair]++;
                        rankClicks[k]++;
                        if (user >= 0)
                        {
                            clickKeys.Add(((long)pair << 32) | (uint)user);
                        }
                        if ((satMask & bit) != 0)
                        {
                            cells.S[cell]++;
                            pairs.Sat[pair]++;
                        }
                    }
                    if (k <= lastRank)
                    {
                        pairs.Examined[pair]++;
                        if (k == lastRank)
                        {
                            pairs.Last[pair]++;
                        }
                    }
                }
            }
        }
        _records.Clear();

        int pairCount = pairs.Count;
        int cellCount = cells.Count;
        var agg = new ClickAggregate(_queries, _docs, maxRank, new IngestSummary())
        {
            PairCount = pairCount,
            CellCount = cellCount,
        };
        agg._pairIndex = pairMap;
        agg.PairQuery = Trim(pairs.Query, pairCount);
        agg.PairDoc = Trim(pairs.Doc, pairCount);
        agg.PairImpressions = Trim(pairs.Impressions, pairCount);
        agg.PairClicks = Trim(pairs.Clicks, pairCount);
        agg.PairSat = Trim(pairs.Sat, pairCount);
        agg.PairSdbnExamined = Trim(pairs.Examined, pairCount);
        agg.PairSdbnLast = Trim(pairs.Last, pairCount);
        agg.RankImpressions = rankImpr;
        agg.RankClicks = rankClicks;

        // Group cells by pair (counting sort) so the models walk them sequentially.
        var start = new int[pairCount + 1];
        for (int c = 0; c < cellCount; c++)
        {
            start[cells.Pair[c] + 1]++;
        }
        for (int i = 0; i < pairCount; i++)
        {
            start[i + 1] += start[i];
        }
        var fill = (int[])start.Clone();
        var cRank = new int[cellCount];
        var cN = new int[cellCount];
        var cC = new int[cellCount];
        var cS = new int[cellCount];
        for (int c = 0; c < cellCount; c++)
        {
            int dst = fill[cells.Pair[c]]++;
            cRank[dst] = cells.Rank[c];
            cN[dst] = cells.N[c];
            cC[dst] = cells.C[c];
            cS[dst] = cells.S[c];
        }
        agg.CellStart = start;
        agg.CellRank = cRank;
        agg.CellImpressions = cN;
        agg.CellClicks = cC;
        agg.CellSat = cS;

        // Spam: distinct clickers and the top clicker's share per pair.
        var distinct = new int[pairCount];
        var topShare = new float[pairCount];
        var spam = new bool[pairCount];
        var keys = clickKeys.ToArray();
        clickKeys.Clear();
        Array.Sort(keys);
        int spamCount = 0;
        for (int i = 0; i < keys.Length;)
        {
            int pair = (int)(keys[i] >> 32);
            int total = 0;
            int top = 0;
            int users = 0;
            int j = i;
            while (j < keys.Length && (int)(keys[j] >> 32) == pair)
            {
                int run = j;
                while (run < keys.Length && keys[run] == keys[j])
                {
                    run++;
                }
                int cnt = run - j;
                users++;
                total += cnt;
                top = Math.Max(top, cnt);
                j = run;
            }
            distinct[pair] = users;
            topShare[pair] = total == 0 ? 0 : (float)top / total;
            if (_options.Clean && total >= _options.SpamMinClicks
                && (topShare[pair] >= _options.SpamTopUserShare || users <= _options.SpamMaxDistinctUsers))
            {
                spam[pair] = true;
                spamCount++;
            }
            i = j;
        }
        agg.PairDistinctClickers = distinct;
        agg.PairTopClickerShare = topShare;
        agg.PairSpam = spam;

        var queriesSeen = new bool[_queries.Count];
        var docsSeen = new bool[_docs.Count];
        int queries = 0;
        int docCount = 0;
        for (int pi = 0; pi < pairCount; pi++)
        {
            if (!queriesSeen[agg.PairQuery[pi]])
            {
                queriesSeen[agg.PairQuery[pi]] = true;
                queries++;
            }
            if (!docsSeen[agg.PairDoc[pi]])
            {
                docsSeen[agg.PairDoc[pi]] = true;
                docCount++;
            }
        }
        var rankers = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int r = 0; r < rankerCounts.Length; r++)
        {
            if (rankerCounts[r] > 0)
            {
                rankers[r == 0 ? "(none)" : _rankers.GetString(r - 1)] = rankerCounts[r];
            }
        }

        agg.Summary = new IngestSummary
        {
            Lines = _lines,
            ImpressionsRead = _impressionsRead,
            ImpressionsKept = kept,
            DuplicateImpressions = _duplicates,
            MalformedLines = _malformed,
            MalformedExamples = _malformedExamples.ToArray(),
            ClickEvents = _clickEvents,
            CollapsedClicks = _collapsed,
            OrphanClicks = _orphans,
            ClicksBeyondMaxRank = _beyondRankClicks,
            ResultsBeyondMaxRank = _beyondRankResults,
            NullDwellClicks = _nullDwell,
            Users = userCount,
            BotUsers = bots,
            BotImpressionsDropped = botDropped,
            Queries = queries,
            Docs = docCount,
            Pairs = pairCount,
            Cells = cellCount,
            SpamPairs = spamCount,
            Rankers = rankers,
            Cleaned = _options.Clean,
        };
        aggregateTime = sw.Elapsed;
        return agg;
    }

    private static int[] Trim(int[] array, int count)
    {
        if (array.Length != count)
        {
            Array.Resize(ref array, count);
        }
        return array;
    }


    private sealed class GrowableCells
    {
        public int Count;
        public int[] Pair = new int[1 << 14];
        public int[] Rank = new int[1 << 14];
        public int[] N = new int[1 << 14];
        public int[] C = new int[1 << 14];
        public int[] S = new int[1 << 14];

        public void Add(int pair, int rank)
        {
            if (Count == Pair.Length)
            {
                int size = Pair.Length * 2;
                Array.Resize(ref Pair, size);
                Array.Resize(ref Rank, size);
                Array.Resize(ref N, size);
                Array.Resize(ref C, size);
                Array.Resize(ref S, size);
            }
            Pair[Count] = pair;
            Rank[Count] = rank;
            Count++;
        }
    }

    private sealed class GrowablePairs
    {
        public int Count;
        public int[] Query = new int[1 << 12];
        public int[] Doc = new int[1 << 12];
        public int[] Impressions = new int[1 << 12];
        public int[] Clicks = new int[1 << 12];
        public int[] Sat = new int[1 << 12];
        public int[] Examined = new int[1 << 12];
        public int[] Last = new int[1 << 12];

        public void Add(int query, int doc)
        {
            if (Count == Query.Length)
            {
                int size = Query.Length * 2;
                Array.Resize(ref Query, size);
                Array.Resize(ref Doc, size);
                Array.Resize(ref Impressions, size);
                Array.Resize(ref Clicks, size);
                Array.Resize(ref Sat, size);
                Array.Resize(ref Examined, size);
                Array.Resize(ref Last, size);
            }
            Query[Count] = query;
            Doc[Count] = doc;
            Count++;
        }
    }
}
