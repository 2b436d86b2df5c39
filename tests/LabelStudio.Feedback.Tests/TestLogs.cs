using System.Text;
using LabelStudio.Feedback.Ingest;

namespace LabelStudio.Feedback.Tests;

internal static class TestLogs
{
    public static ClickAggregate IngestNative(string text, IngestOptions? options = null) =>
        ClickLogIngestor.Ingest(new MemoryStream(Encoding.UTF8.GetBytes(text)), ClickLogFormat.Native, options);

    public static ClickAggregate IngestYandex(string text, IngestOptions? options = null) =>
        ClickLogIngestor.Ingest(new MemoryStream(Encoding.UTF8.GetBytes(text)), ClickLogFormat.Yandex, options);

    public static string Line(string id, string user, string query, string[] results, string clicks = "[]", string extra = "") =>
        $"{{\"impression_id\":\"{id}\",\"session_id\":\"s-{user}\",\"user_id\":\"{user}\",\"query_id\":\"{query}\",\"ts\":1,\"ranker\":\"r1\",{extra}\"results\":[{string.Join(",", results.Select(r => $"\"{r}\""))}],\"clicks\":{clicks}}}";

    public static string Click(int pos, string doc, double? dwell) =>
        $"{{\"pos\":{pos},\"doc\":\"{doc}\",\"ts\":2,\"dwell\":{(dwell is null ? "null" : dwell.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}";
}
