using System.Numerics;
using System.Runtime.CompilerServices;
using LabelStudio.Feedback.Evaluation;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Streams click logs in, then cleans and aggregates them (<see cref="Complete()"/>).
/// <para>
/// Memory does not grow with the log. Native logs are cut into blocks of whole lines that are parsed in parallel (each
/// block with its own id tables) and merged in file order, so results do not depend on thread timing. The merge
/// deduplicates impression ids (first occurrence in file order wins; one 64-bit hash per distinct id is kept in a
/// compact open-addressing set: 16 bytes or less per distinct impression id, never the id text), updates per-user counters
/// for bot detection and appends a compact int record per unique impression (user, query, ranker, click and
/// satisfied-click bitmasks, last-click rank, doc ids: 7 + results ints, about a seventh of the JSON) to a
/// <see cref="RecordSpill"/>: at most <see cref="IngestOptions.SpillThresholdBytes"/> of records stay in memory, the
/// rest go to a temporary file (deleted on close). The text is never held beyond the blocks being parsed.
/// </para>
/// <para>
/// Bots can only be identified once the whole log is read, so <see cref="Complete()"/> flags them and then replays the
/// records once (second pass over the compact records, not over the JSON), skipping bot users, straight into the flat cell arrays.
/// Aggregation runs in parallel over query partitions (query id modulo the degree of parallelism); the partitions are
/// merged by first appearance, so pair and cell order equal a sequential pass and results are deterministic.
/// Because the second pass reads the spill and not the input, the input may be any readable stream: non-seekable
/// streams (an HTTP request body) need no raw spooling; the temporary file holds compact records only.
/// </para>
/// <para>
/// Resident memory is therefore bounded by distinct users (interned ids and five counters each), distinct queries, docs
/// and rankers (interned ids), distinct impression ids (the 64-bit hash set), distinct (query, doc, rank) cells and
/// (query, doc) pairs, distinct (pair, clicking user) combinations (for the spam rule's distinct-clicker and top-clicker
/// counts, 12 bytes each), distinct (ranker, query) and (ranker, query, doc, rank) combinations (the per-ranker
/// evidence) and the fixed buffers (parse blocks, spill buffer); repeating the same traffic adds nothing
/// but impression ids.
/// </para>
/// </summary>
public sealed class ClickLogIngestor : IDisposable
{
    private readonly IngestOptions _options;
    private readonly int _maxRank;
    private readonly Utf8Interner _queries = new();
    private readonly Utf8Interner _docs = new();
    private readonly Utf8Interner _users = new();
    private readonly Utf8Interner _rankers = new();
    private readonly LongHashSet _impressionIds = new();
    private readonly RecordSpill _spill;
    private readonly List<MalformedLine> _malformedExamples = [];
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
        _spill = new RecordSpill(Math.Max(0, _options.SpillThresholdBytes), _options.SpillDirectory);
    }

    /// <summary>Deletes the temporary spill file if <see cref="Complete()"/> was not called.</summary>
    public void Dispose() => _spill.Dispose();

    /// <summary>Diagnostics: unique impression records appended so far (buffered or spilled).</summary>
    internal long RecordCount => _spill.Count;

    /// <summary>Diagnostics: ints of impression records currently held in memory (bounded by the spill threshold).</summary>
    internal int BufferedRecordInts => _spill.BufferedInts;

    /// <summary>Diagnostics: bytes allocated for in-memory impression records (fixed; does not grow with the log).</summary>
    internal long RecordBufferCapacityBytes => _spill.BufferCapacityBytes;

    /// <summary>Diagnostics: bytes of records written to the temporary spill file.</summary>
    internal long SpilledBytes => _spill.SpilledBytes;

    /// <summary>Diagnostics: path of the spill file while it exists.</summary>
    internal string? SpillPath => _spill.SpillPath;

    /// <summary>Diagnostics: distinct impression ids held by the dedup set.</summary>
    internal int DistinctImpressionIds => _impressionIds.Count;

    /// <summary>Diagnostics: length of the per-user counter arrays.</summary>
    internal int UserCounterCapacity => _userImpressions.Length;

    /// <summary>Diagnostics of the last <see cref="Complete()"/>: slots of the (pair, clicking user) counter maps.</summary>
    internal long ClickerMapSlots { get; private set; }

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

    /// <summary>Convenience: ingest one stream (seekable or not) and complete.</summary>
    public static ClickAggregate Ingest(Stream stream, ClickLogFormat format, IngestOptions? options = null)
    {
        using var ingestor = new ClickLogIngestor(options);
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

    /// <summary>Extends a shard's local-to-global map to the shard table's size; known entries are kept (shard tables persist across blocks).</summary>
    private static void PrepareMap(ref int[] map, int count)
    {
        if (map.Length < count)
        {
            int old = map.Length;
            Array.Resize(ref map, Math.Max(count, map.Length * 2));
            map.AsSpan(old).Fill(-1);
        }
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
        PrepareMap(ref shard.MapQuery, shard.QueryTable.Count);
        PrepareMap(ref shard.MapDoc, shard.DocTable.Count);
        PrepareMap(ref shard.MapUser, shard.UserTable.Count);
        PrepareMap(ref shard.MapRanker, shard.RankerTable.Count);
        var mapDoc = shard.MapDoc;
        var docTable = shard.DocTable;
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
                int user = rec[5] >= 0 ? Map(ref shard.MapUser, rec[5], shard.UserTable, _users) : -1;
                int query = Map(ref shard.MapQuery, rec[6], shard.QueryTable, _queries);
                int ranker = rec[7] >= 0 ? Map(ref shard.MapRanker, rec[7], shard.RankerTable, _rankers) : -1;
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
                int interleaveA = rec[10] >= 0 ? Map(ref shard.MapRanker, rec[10], shard.RankerTable, _rankers) : -1;
                int interleaveB = rec[11] >= 0 ? Map(ref shard.MapRanker, rec[11], shard.RankerTable, _rankers) : -1;
                var dst = _spill.Append(RecordSpill.HeaderInts + n);
                dst[0] = n;
                dst[1] = user;
                dst[2] = query;
                dst[3] = ranker;
                dst[4] = (int)clickMask;
                dst[5] = rec[9];
                dst[6] = lastRank;
                dst[7] = interleaveA;
                dst[8] = interleaveB;
                dst[9] = rec[12];
                for (int k = 0; k < n; k++)
                {
                    int local = rec[IngestShard.HeaderInts + k];
                    int g = mapDoc[local];
                    if (g < 0)
                    {
                        g = _docs.GetOrAdd(docTable.GetBytes(local));
                        mapDoc[local] = g;
                    }
                    dst[RecordSpill.HeaderInts + k] = g;
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
        int parts = Math.Clamp(_options.MaxDegreeOfParallelism, 1, 16);
        var partitions = new AggregatePartition[parts];
        for (int i = 0; i < parts; i++)
        {
            partitions[i] = new AggregatePartition(i, parts, maxRank, _rankers.Count + 1, isBot);
        }
        long ordinal = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parts };
        _spill.ReadAll(chunk =>
        {
            long first = ordinal;
            if (parts == 1)
            {
                partitions[0].Process(chunk.Span, first);
            }
            else
            {
                Parallel.For(0, parts, parallel, i => partitions[i].Process(chunk.Span, first));
            }
            ordinal = partitions[0].NextOrdinal;
        });
        _spill.Dispose();

        // Merge the partitions: global pair order = order of first appearance (record, rank), as a sequential pass gives.
        int pairCount = 0;
        int cellCount = 0;
        long clickerSlots = 0;
        foreach (var part in partitions)
        {
            pairCount += part.Pairs.Count;
            cellCount += part.Cells.Count;
            clickerSlots += part.ClickCounts.Capacity;
        }
        ClickerMapSlots = clickerSlots;
        var globalPair = new int[parts][];
        var cursor = new int[parts];
        for (int i = 0; i < parts; i++)
        {
            globalPair[i] = new int[partitions[i].Pairs.Count];
        }
        var pairQuery = new int[pairCount];
        var pairDoc = new int[pairCount];
        var pairImpr = new int[pairCount];
        var pairClicks = new int[pairCount];
        var pairSat = new int[pairCount];
        var pairExamined = new int[pairCount];
        var pairLast = new int[pairCount];
        var pairMap = new LongIntMap(Math.Max(16, pairCount));
        for (int g = 0; g < pairCount; g++)
        {
            int best = -1;
            long bestKey = long.MaxValue;
            for (int i = 0; i < parts; i++)
            {
                if (cursor[i] < partitions[i].Pairs.Count && partitions[i].Pairs.First[cursor[i]] < bestKey)
                {
                    bestKey = partitions[i].Pairs.First[cursor[i]];
                    best = i;
                }
            }
            var src = partitions[best].Pairs;
            int lp = cursor[best]++;
            globalPair[best][lp] = g;
            pairQuery[g] = src.Query[lp];
            pairDoc[g] = src.Doc[lp];
            pairImpr[g] = src.Impressions[lp];
            pairClicks[g] = src.Clicks[lp];
            pairSat[g] = src.Sat[lp];
            pairExamined[g] = src.Examined[lp];
            pairLast[g] = src.Last[lp];
            pairMap.GetOrAdd(((ulong)(uint)src.Query[lp] << 32) | (uint)src.Doc[lp], g, out _);
        }

        var agg = new ClickAggregate(_queries, _docs, maxRank, new IngestSummary())
        {
            PairCount = pairCount,
            CellCount = cellCount,
        };
        agg._pairIndex = pairMap;
        agg.PairQuery = pairQuery;
        agg.PairDoc = pairDoc;
        agg.PairImpressions = pairImpr;
        agg.PairClicks = pairClicks;
        agg.PairSat = pairSat;
        agg.PairSdbnExamined = pairExamined;
        agg.PairSdbnLast = pairLast;
        var rankImpr = new long[maxRank];
        var rankClicks = new long[maxRank];
        var rankerCounts = new long[_rankers.Count + 1];
        long botDropped = 0;
        long kept = 0;
        foreach (var part in partitions)
        {
            for (int k = 0; k < maxRank; k++)
            {
                rankImpr[k] += part.RankImpressions[k];
                rankClicks[k] += part.RankClicks[k];
            }
            for (int r = 0; r < rankerCounts.Length; r++)
            {
                rankerCounts[r] += part.RankerCounts[r];
            }
            botDropped += part.BotDropped;
            kept += part.Kept;
        }
        agg.RankImpressions = rankImpr;
        var rankerQueries = new List<RankerQueryEvidence>();
        var interleaving = new RankerEvidenceBuilder();
        var docNames = new string?[_docs.Count];
        foreach (var part in partitions)
        {
            part.Rankers.CopyTo(rankerQueries, interleaving, _queries, _docs, _rankers, docNames);
        }
        rankerQueries.Sort(static (a, b) => a.Ranker != b.Ranker
            ? string.CompareOrdinal(a.Ranker, b.Ranker)
            : string.CompareOrdinal(a.QueryId, b.QueryId));
        agg.RankerEvidence = new RankerEvidence(rankerQueries, interleaving.Build().Interleaving);
        agg.RankClicks = rankClicks;

        // Group cells by pair (counting sort, stable: a pair's cells keep their order of first appearance).
        var start = new int[pairCount + 1];
        for (int i = 0; i < parts; i++)
        {
            var cells = partitions[i].Cells;
            var map = globalPair[i];
            for (int c = 0; c < cells.Count; c++)
            {
                start[map[cells.Pair[c]] + 1]++;
            }
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
        for (int i = 0; i < parts; i++)
        {
            var cells = partitions[i].Cells;
            var map = globalPair[i];
            for (int c = 0; c < cells.Count; c++)
            {
                int dst = fill[map[cells.Pair[c]]]++;
                cRank[dst] = cells.Rank[c];
                cN[dst] = cells.N[c];
                cC[dst] = cells.C[c];
                cS[dst] = cells.S[c];
            }
        }
        agg.CellStart = start;
        agg.CellRank = cRank;
        agg.CellImpressions = cN;
        agg.CellClicks = cC;
        agg.CellSat = cS;

        // Spam: distinct clickers and the top clicker's share per pair, from the (pair, user) click counters.
        var distinct = new int[pairCount];
        var top = new int[pairCount];
        var topUser = new int[pairCount];
        var total = new int[pairCount];
        for (int i = 0; i < parts; i++)
        {
            var (keys, counts) = partitions[i].ClickCounts.Slots;
            var map = globalPair[i];
            for (int slot = 0; slot < counts.Length; slot++)
            {
                int cnt = counts[slot];
                if (cnt == 0)
                {
                    continue;
                }
                int pair = map[(int)(keys[slot] >> 32)];
                distinct[pair]++;
                total[pair] += cnt;
                if (cnt > top[pair])
                {
                    top[pair] = cnt;
                    topUser[pair] = (int)(uint)keys[slot];
                }
            }
        }
        var topShare = new float[pairCount];
        var spam = new bool[pairCount];
        int spamCount = 0;
        for (int pair = 0; pair < pairCount; pair++)
        {
            if (total[pair] == 0)
            {
                continue;
            }
            topShare[pair] = (float)top[pair] / total[pair];
            if (_options.Clean && total[pair] >= _options.SpamMinClicks
                && (topShare[pair] >= _options.SpamTopUserShare || distinct[pair] <= _options.SpamMaxDistinctUsers))
            {
                spam[pair] = true;
                spamCount++;
            }
        }
        agg.PairDistinctClickers = distinct;
        agg.PairTopClickerShare = topShare;
        agg.PairSpam = spam;
        agg.PairTopClicker = topUser;
        agg.PairTopClicks = top;
        agg.PairClickerClicks = total;
        agg.UserTable = _users;

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

    /// <summary>
    /// Aggregation state of the queries with <c>query % parts == index</c>: cell and pair maps, counts, first appearance
    /// of each pair and (pair, user) click counters. Every partition scans every record and keeps its own.
    /// </summary>
    private sealed class AggregatePartition(int index, int parts, int maxRank, int rankerSlots, bool[] isBot)
    {
        private readonly LongIntMap _cellMap = new(1 << 14);
        private readonly LongIntMap _pairMap = new(1 << 12);
        public readonly GrowableCells Cells = new();
        public readonly GrowablePairs Pairs = new();
        public readonly LongCountMap ClickCounts = new(1 << 14);
        public readonly long[] RankImpressions = new long[maxRank];
        public readonly long[] RankClicks = new long[maxRank];
        public readonly long[] RankerCounts = new long[rankerSlots];
        public readonly RankerAccumulator Rankers = new();
        public long Kept;
        public long BotDropped;

        /// <summary>Ordinal of the record after the last one processed.</summary>
        public long NextOrdinal;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Process(ReadOnlySpan<int> chunk, long ordinal)
        {
            var cells = Cells;
            var pairs = Pairs;
            var cellMap = _cellMap;
            var rankImpr = RankImpressions;
            var rankClicks = RankClicks;
            uint partCount = (uint)parts;
            uint me = (uint)index;
            int p = 0;
            for (; p < chunk.Length; ordinal++)
            {
                int n = chunk[p] & 0xFF;
                int query = chunk[p + 2];
                int at = p;
                p += RecordSpill.HeaderInts + n;
                if ((uint)query % partCount != me)
                {
                    continue;
                }
                int user = chunk[at + 1];
                if (user >= 0 && isBot[user])
                {
                    BotDropped++;
                    continue;
                }
                int ranker = chunk[at + 3];
                uint clickMask = (uint)chunk[at + 4];
                uint satMask = (uint)chunk[at + 5];
                int lastRank = chunk[at + 6];
                var docs = chunk.Slice(at + RecordSpill.HeaderInts, n);
                Rankers.Add(ranker, query, docs, clickMask, satMask, chunk[at + 7], chunk[at + 8], chunk[at + 9]);
                Kept++;
                RankerCounts[ranker + 1]++;
                ulong qHigh = (ulong)query << 37;
                for (int k = 0; k < n; k++)
                {
                    int doc = docs[k];
                    ulong key = qHigh | ((ulong)(uint)doc << 5) | (uint)k;
                    int cell = cellMap.GetOrAdd(key, cells.Count, out bool added);
                    int pair;
                    if (added)
                    {
                        pair = _pairMap.GetOrAdd(((ulong)(uint)query << 32) | (uint)doc, pairs.Count, out bool pairAdded);
                        if (pairAdded)
                        {
                            pairs.Add(query, doc, (ordinal << 5) | (uint)k);
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
                            ClickCounts.Increment(((ulong)(uint)pair << 32) | (uint)user);
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
            NextOrdinal = ordinal;
        }
    }

    private sealed class GrowableCells
    {
        public int Count;
        public int[] Pair = new int[1 << 12];
        public int[] Rank = new int[1 << 12];
        public int[] N = new int[1 << 12];
        public int[] C = new int[1 << 12];
        public int[] S = new int[1 << 12];

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
        public long[] First = new long[1 << 10];
        public int[] Query = new int[1 << 10];
        public int[] Doc = new int[1 << 10];
        public int[] Impressions = new int[1 << 10];
        public int[] Clicks = new int[1 << 10];
        public int[] Sat = new int[1 << 10];
        public int[] Examined = new int[1 << 10];
        public int[] Last = new int[1 << 10];

        public void Add(int query, int doc, long first)
        {
            if (Count == Query.Length)
            {
                int size = Query.Length * 2;
                Array.Resize(ref First, size);
                Array.Resize(ref Query, size);
                Array.Resize(ref Doc, size);
                Array.Resize(ref Impressions, size);
                Array.Resize(ref Clicks, size);
                Array.Resize(ref Sat, size);
                Array.Resize(ref Examined, size);
                Array.Resize(ref Last, size);
            }
            First[Count] = first;
            Query[Count] = query;
            Doc[Count] = doc;
            Count++;
        }
    }
}
