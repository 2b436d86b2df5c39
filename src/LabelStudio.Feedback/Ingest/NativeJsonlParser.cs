using System.Runtime.CompilerServices;
using System.Text.Json;
using LabelStudio.Feedback.Internal;

namespace LabelStudio.Feedback.Ingest;

/// <summary>
/// Parses native JSON Lines with <see cref="Utf8JsonReader"/> straight from the pooled line buffer.
/// Ids may be JSON strings or numbers (the number's text is the id). Unknown fields are skipped.
/// Click <c>pos</c> is 1-based; when a click names its <c>doc</c>, the doc's position in <c>results</c> wins.
/// </summary>
internal sealed class NativeJsonlParser(IngestShard ingestor)
{
    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 16 };
    private byte[] _unescape = new byte[256];

    /// <summary>Parses the complete lines held in the shard's buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ParseBlock()
    {
        var text = ingestor.Buffer.AsSpan(0, ingestor.Length);
        long lineNumber = ingestor.LineOffset;
        if (lineNumber == 0 && text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }
        while (!text.IsEmpty)
        {
            int nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..nl];
            text = nl < 0 ? default : text[(nl + 1)..];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            lineNumber++;
            ingestor.CountLine();
            if (IsBlank(line))
            {
                continue;
            }
            string? error;
            try
            {
                error = ParseLine(line);
            }
            catch (JsonException ex)
            {
                error = "invalid JSON: " + ex.Message;
            }
            catch (InvalidOperationException ex)
            {
                error = "invalid JSON: " + ex.Message;
            }
            if (error is null)
            {
                ingestor.Commit();
            }
            else
            {
                ingestor.ReportMalformed(lineNumber, error);
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? ParseLine(ReadOnlySpan<byte> line)
    {
        var s = ingestor.Scratch;
        s.Reset();
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(s_readerOptions));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "not a JSON object";
        }
        bool hasId = false;
        bool hasResults = false;
        _sessionLength = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("results"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return "results is not an array";
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!TryId(ref reader, out var id))
                    {
                        return "results must hold string or number ids";
                    }
                    s.AddResult(ingestor.DocTable.GetOrAdd(id));
                }
                hasResults = true;
            }
            else if (reader.ValueTextEquals("clicks"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return "clicks is not an array";
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    string? err = ParseClick(ref reader, s);
                    if (err is not null)
                    {
                        return err;
                    }
                }
            }
            else if (reader.ValueTextEquals("impression_id"u8))
            {
                reader.Read();
                if (!TryId(ref reader, out var id))
                {
                    return "impression_id must be a string or number";
                }
                s.IdHash = Hash64.Compute(id);
                hasId = true;
            }
            else if (reader.ValueTextEquals("query_id"u8))
            {
                reader.Read();
                if (!TryId(ref reader, out var id))
                {
                    return "query_id must be a string or number";
                }
                s.Query = ingestor.QueryTable.GetOrAdd(id);
            }
            else if (reader.ValueTextEquals("user_id"u8))
            {
                reader.Read();
                if (TryId(ref reader, out var id))
                {
                    s.User = ingestor.UserTable.GetOrAdd(id);
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "user_id must be a string or number";
                }
            }
            else if (reader.ValueTextEquals("session_id"u8))
            {
                reader.Read();
                if (TryId(ref reader, out var id))
                {
                    SetSession(id);
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("interleaving"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }
                string? err = ParseInterleaving(ref reader, s);
                if (err is not null)
                {
                    return err;
                }
            }
            else if (reader.ValueTextEquals("ranker"u8))
            {
                reader.Read();
                if (TryId(ref reader, out var id))
                {
                    s.Ranker = ingestor.RankerTable.GetOrAdd(id);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return "unexpected token " + reader.TokenType;
        }
        if (reader.Read())
        {
            return "trailing content after the JSON object";
        }
        if (!hasId)
        {
            return "missing impression_id";
        }
        if (s.Query < 0)
        {
            return "missing query_id";
        }
        if (!hasResults)
        {
            return "missing results";
        }
        if (s.User < 0)
        {
            // Without a user id the session stands in for the user (bot heuristics then work per session).
            if (_sessionLength >= 0)
            {
                s.User = ingestor.UserTable.GetOrAdd(_session.AsSpan(0, _sessionLength));
            }
        }
        return null;
    }

    /// <summary>
    /// Team-draft interleaving: <c>{"a": ranker, "b": ranker, "origin": ["a", "b", ...]}</c>, one origin per result in
    /// order. Results beyond the origin list (or with another value) are credited to neither ranker.
    /// </summary>
    private string? ParseInterleaving(ref Utf8JsonReader reader, ImpressionScratch s)
    {
        const string shape = "interleaving must be {\"a\": ranker, \"b\": ranker, \"origin\": [\"a\" or \"b\" per result]}";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return shape;
        }
        int a = -1, b = -1;
        uint originA = 0, originB = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("a"u8) || reader.ValueTextEquals("b"u8))
            {
                bool isA = reader.ValueTextEquals("a"u8);
                reader.Read();
                if (!TryId(ref reader, out var id))
                {
                    return shape;
                }
                int ranker = ingestor.RankerTable.GetOrAdd(id);
                if (isA)
                {
                    a = ranker;
                }
                else
                {
                    b = ranker;
                }
            }
            else if (reader.ValueTextEquals("origin"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return shape;
                }
                int k = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return shape;
                    }
                    if (k < 32)
                    {
                        if (reader.ValueTextEquals("a"u8))
                        {
                            originA |= 1u << k;
                        }
                        else if (reader.ValueTextEquals("b"u8))
                        {
                            originB |= 1u << k;
                        }
                    }
                    k++;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (a < 0 || b < 0)
        {
            return shape;
        }
        s.InterleaveA = a;
        s.InterleaveB = b;
        s.OriginA = originA;
        s.OriginB = originB;
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? ParseClick(ref Utf8JsonReader reader, ImpressionScratch s)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "a click is not an object";
        }
        int doc = -1;
        int pos = 0;
        double dwell = double.NaN;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("pos"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    if (!reader.TryGetInt32(out pos))
                    {
                        return "click pos must be an integer";
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "click pos must be an integer";
                }
            }
            else if (reader.ValueTextEquals("doc"u8))
            {
                reader.Read();
                if (TryId(ref reader, out var id))
                {
                    doc = ingestor.DocTable.GetOrAdd(id);
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "click doc must be a string or number";
                }
            }
            else if (reader.ValueTextEquals("dwell"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    dwell = reader.GetDouble();
                    if (dwell < 0 || !double.IsFinite(dwell))
                    {
                        dwell = double.NaN;
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "click dwell must be a number or null";
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        s.AddClick(doc, pos, dwell);
        return null;
    }

    private bool TryId(ref Utf8JsonReader reader, out ReadOnlySpan<byte> id)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (!reader.ValueIsEscaped)
            {
                id = reader.ValueSpan;
                return true;
            }
            if (_unescape.Length < reader.ValueSpan.Length)
            {
                _unescape = new byte[reader.ValueSpan.Length * 2];
            }
            int written = reader.CopyString(_unescape);
            id = _unescape.AsSpan(0, written);
            return true;
        }
        if (reader.TokenType == JsonTokenType.Number)
        {
            id = reader.ValueSpan;
            return true;
        }
        id = default;
        return false;
    }

    private byte[] _session = new byte[256];
    private int _sessionLength = -1;

    private void SetSession(ReadOnlySpan<byte> id)
    {
        ReadOnlySpan<byte> prefix = "session:"u8;
        int len = prefix.Length + id.Length;
        if (_session.Length < len)
        {
            _session = new byte[len * 2];
        }
        prefix.CopyTo(_session);
        id.CopyTo(_session.AsSpan(prefix.Length));
        _sessionLength = len;
    }
}
