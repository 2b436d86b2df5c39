using System.Text;

namespace LabelStudio.IntegrationTests.Hostile;

/// <summary>One request body an attacker or a careless client might send.</summary>
public sealed record HostileBody(string Name, byte[] Content, string? ContentType)
{
    public override string ToString() => Name;

    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Content);
        if (ContentType is not null) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType);
        return content;
    }
}

/// <summary>
/// The hostile-input corpus: malformed bodies every endpoint must refuse cleanly, and hostile values for the shapes
/// endpoints expect (deep nesting, entity expansion, huge values, non-finite numbers). One place: a new endpoint
/// gets its row in <see cref="HostileEndpoints"/> and is run against all of these.
/// </summary>
public static class HostileInputs
{
    /// <summary>Larger than the test server's request limit (2 MB) and its upload limits (1 MB).</summary>
    public const int OversizeBytes = 3 << 20;

    private static HostileBody Json(string name, string text) => new(name, Encoding.UTF8.GetBytes(text), "application/json");

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static string DeepArray(int depth) => Repeat("[", depth) + Repeat("]", depth);

    public static string NestedViews(int depth) => Repeat("<View>", depth) + "<Text name=\"t\" value=\"$t\"/>" + Repeat("</View>", depth);

    public const string BillionLaughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" +
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>" +
        "<View><Header value=\"&lol4;\"/><Text name=\"t\" value=\"$t\"/><Choices name=\"c\" toName=\"t\"><Choice value=\"A\"/></Choices></View>";

    /// <summary>Bodies no JSON endpoint may accept.</summary>
    public static IReadOnlyList<HostileBody> MalformedJson { get; } =
    [
        Json("empty body", ""),
        Json("not JSON", "hello, server"),
        Json("truncated JSON", "{\"name\": \"half a"),
        Json("JSON null", "null"),
        Json("array instead of object", "[1, 2, 3]"),
        Json("deep nesting (100,000 levels)", DeepArray(100_000)),
        Json("NaN and Infinity literals", "{\"lead_time\": NaN, \"overlap\": Infinity, \"locked\": -Infinity}"),
        Json("wrong JSON types", "{\"name\": 5, \"labelConfig\": [1], \"overlap\": \"three\", \"role\": {}, \"locked\": \"yes\", \"result\": 7, \"userId\": []}"),
        Json("duplicate keys and garbage tail", "{\"a\":1,\"a\":2} trailing"),
        new("invalid UTF-8", [.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8], "application/json"),
        new("wrong content type (text/plain)", Encoding.UTF8.GetBytes("{\"name\":\"x\"}"), "text/plain"),
        new("form content type", Encoding.UTF8.GetBytes("name=x&labelConfig=y"), "application/x-www-form-urlencoded"),
        new("binary garbage", Garbage(4096), "application/octet-stream"),
        new("no content type", Encoding.UTF8.GetBytes("{\"name\":\"x\"}"), null),
        Json("oversize body", "{\"name\":\"" + new string('x', OversizeBytes) + "\"}"),
    ];

    /// <summary>Bodies no file endpoint (import, click log, seed) may accept.</summary>
    public static IReadOnlyList<HostileBody> MalformedFiles { get; } =
    [
        new("empty file", [], "application/octet-stream"),
        new("invalid UTF-8", [.. "{\"text\":\"ok\"}\n{\"text\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}\n"u8], "application/x-ndjson"),
        new("truncated JSON", Encoding.UTF8.GetBytes("[{\"text\":\"a\"},{\"text\":\"b"), "application/json"),
        new("deep nesting (100,000 levels)", Encoding.UTF8.GetBytes("{\"text\":" + DeepArray(100_000) + "}\n"), "application/x-ndjson"),
        new("one huge line", Encoding.UTF8.GetBytes("{\"text\":\"" + new string('y', 400_000) + "\"}"), "application/x-ndjson"),
        new("NaN lead time", Encoding.UTF8.GetBytes("{\"data\":{\"text\":\"a\"},\"annotations\":[{\"result\":[],\"lead_time\":\"NaN\"}]}\n"), "application/x-ndjson"),
        new("garbage log lines", Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 200).Select(i => $"garbage line {i} ][{{")) + "\n"), "application/x-ndjson"),
        new("binary garbage", Garbage(64 * 1024), "application/octet-stream"),
        new("wrong content type (text/plain)", Encoding.UTF8.GetBytes("{\"text\":\"a\"}\n"), "text/plain"),
        new("oversize file", Encoding.UTF8.GetBytes(Repeat("{\"text\":\"0123456789abcdef\"}\n", OversizeBytes / 20)), "application/x-ndjson"),
    ];

    /// <summary>
    /// Task files that are valid JSON Lines yet cannot be imported: text no character matches (a lone UTF-16 surrogate
    /// escape), numbers beyond a double, a string where an object belongs. Each follows a good line, so a half-written
    /// import would show. The task readers refuse them all, so every endpoint reading task files must too.
    /// </summary>
    public static IReadOnlyList<HostileBody> UnreadableTasks { get; } =
    [
        Tasks("lone surrogate in a text field", "{\"text\":\"a\\ud800b\"}"),
        Tasks("lone surrogate in a data key", "{\"te\\udc00xt\":\"a\"}"),
        Tasks("lone surrogate in an imported label", "{\"data\":{\"text\":\"a\"},\"annotations\":[{\"result\":[{\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{\"choices\":[\"\\ud800\"]}}]}]}"),
        Tasks("lone surrogate in an author", "{\"data\":{\"text\":\"a\"},\"annotations\":[{\"completed_by\":\"\\udc00\",\"result\":[]}]}"),
        Tasks("lead time beyond a double", "{\"data\":{\"text\":\"a\"},\"annotations\":[{\"lead_time\":1e400,\"result\":[]}]}"),
        Tasks("data a string", "{\"data\":\"a\"}"),
    ];

    /// <summary>A JSON Lines task file of a good line and then <paramref name="line"/>.</summary>
    public static HostileBody Tasks(string name, string line) =>
        new(name, Encoding.UTF8.GetBytes("{\"text\":\"fine\"}\n" + line + "\n"), "application/x-ndjson");

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(20261130).NextBytes(bytes);
        return bytes;
    }
}
