using System.Buffers.Text;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Adapter for the Yandex Relevance Prediction Challenge log (tab-separated, grouped by session):
/// query action <c>SessionID TimePassed Q QueryID RegionID URLID_1 … URLID_n</c>, click action
/// <c>SessionID TimePassed C URLID</c>. Each query action is one impression (id = session#index); a click goes to the
/// latest query of the session that showed the URL. Dwell = time of the session's next action minus the click time
/// (times <see cref="IngestOptions.YandexTimeUnitSeconds"/>); the session's last action has unknown dwell.
/// The log has no user ids, so the session stands in for the user.
/// </summary>
internal sealed class YandexRpcParser(IngestShard ingestor, Action<IngestShard> merge)
{
    private readonly List<PendingImpression> _pending = [];
    private readonly Stack<PendingImpression> _pool = new();
    private byte[] _sessionId = new byte[64];
    private int _sessionLength = -1;
    private int _sessionUser = -1;
    private PendingImpression? _lastClickImpression;
    private long _lastClickTime;

    public void Parse(Stream stream)
    {
        ingestor.LineOffset = 0;
        using var lines = new Utf8LineReader(stream, ingestor.Options.MaxLineBytes);
        Span<Range> fields = stackalloc Range[512];
        while (lines.TryReadLine(out var line, out bool tooLong))
        {
            ingestor.CountLine();
            if (tooLong)
            {
                ingestor.ReportMalformed(lines.LineNumber, "line too long");
                continue;
            }
            if (line.IsEmpty)
            {
                continue;
            }
            int count = Split(line, fields);
            string? error = ParseLine(line, fields[..count]);
            if (error is not null)
            {
                ingestor.ReportMalformed(lines.LineNumber, error);
            }
        }
        FlushSession();
    }

    private static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= line.Length && count < fields.Length; i++)
        {
            if (i == line.Length || line[i] == (byte)'\t')
            {
                if (i > start)
                {
                    fields[count++] = new Range(start, i);
                }
                start = i + 1;
            }
        }
        return count;
    }

    private string? ParseLine(ReadOnlySpan<byte> line, ReadOnlySpan<Range> f)
    {
        if (f.Length < 4)
        {
            return "expected at least 4 tab-separated fields";
        }
        var sid = line[f[0]];
        if (!Utf8Parser.TryParse(line[f[1]], out long time, out int used) || used != line[f[1]].Length)
        {
            return "TimePassed is not an integer";
        }
        var type = line[f[2]];
        bool isQuery = type.SequenceEqual("Q"u8) || type.SequenceEqual("T"u8);
        bool isClick = type.SequenceEqual("C"u8);
        if (!isQuery && !isClick)
        {
            return "unknown action type (expected Q or C)";
        }
        if (isQuery && f.Length < 6)
        {
            return "query action needs QueryID, RegionID and at least one URLID";
        }
        if (_sessionLength < 0 || !sid.SequenceEqual(_sessionId.AsSpan(0, _sessionLength)))
        {
            FlushSession();
            if (_sessionId.Length < sid.Length)
            {
                _sessionId = new byte[sid.Length * 2];
            }
            sid.CopyTo(_sessionId);
            _sessionLength = sid.Length;
            _sessionUser = ingestor.UserTable.GetOrAdd(sid);
        }
        if (_lastClickImpression is not null)
        {
            var last = _lastClickImpression;
            last.ClickDwell[^1] = Math.Max(0, time - _lastClickTime) * ingestor.Options.YandexTimeUnitSeconds;
            _lastClickImpression = null;
        }
        if (isQuery)
        {
            var imp = _pool.Count > 0 ? _pool.Pop() : new PendingImpression();
            imp.Clear();
            imp.Query = ingestor.QueryTable.GetOrAdd(line[f[3]]);
            for (int i = 5; i < f.Length; i++)
            {
                imp.Docs.Add(ingestor.DocTable.GetOrAdd(line[f[i]]));
            }
            _pending.Add(imp);
            return null;
        }
        int doc = ingestor.DocTable.GetOrAdd(line[f[3]]);
        for (int i = _pending.Count - 1; i >= 0; i--)
        {
            if (_pending[i].Docs.Contains(doc))
            {
                _pending[i].ClickDoc.Add(doc);
                _pending[i].ClickDwell.Add(double.NaN);
                _lastClickImpression = _pending[i];
                _lastClickTime = time;
                return null;
            }
        }
        return _pending.Count == 0 ? "click before any query in its session" : "clicked URL not shown in the session";
    }

    private void FlushSession()
    {
        _lastClickImpression = null;
        if (_sessionLength < 0)
        {
            return;
        }
        Span<byte> idBuf = stackalloc byte[_sessionLength + 12];
        _sessionId.AsSpan(0, _sessionLength).CopyTo(idBuf);
        idBuf[_sessionLength] = (byte)'#';
        for (int i = 0; i < _pending.Count; i++)
        {
            var imp = _pending[i];
            Utf8Formatter.TryFormat(i, idBuf[(_sessionLength + 1)..], out int w);
            var s = ingestor.Scratch;
            s.Reset();
            s.IdHash = Hash64.Compute(idBuf[..(_sessionLength + 1 + w)]);
            s.User = _sessionUser;
            s.Query = imp.Query;
            foreach (int d in imp.Docs)
            {
                s.AddResult(d);
            }
            for (int c = 0; c < imp.ClickDoc.Count; c++)
            {
                s.AddClick(imp.ClickDoc[c], 0, imp.ClickDwell[c]);
            }
            ingestor.Commit();
            _pool.Push(imp);
        }
        _pending.Clear();
        if (ingestor.Records.TotalInts > 1 << 22)
        {
            // Hand the finished sessions to the ingestor so memory stays bounded; local ids restart.
            merge(ingestor);
        }
    }

    private sealed class PendingImpression
    {
        public int Query;
        public readonly List<int> Docs = new(10);
        public readonly List<int> ClickDoc = new(4);
        public readonly List<double> ClickDwell = new(4);

        public void Clear()
        {
            Docs.Clear();
            ClickDoc.Clear();
            ClickDwell.Clear();
        }
    }
}
