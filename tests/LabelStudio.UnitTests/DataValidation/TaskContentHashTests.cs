using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using static LabelStudio.UnitTests.DataValidation.ValidationFixtures;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class TaskContentHashTests
{
    [Theory]
    [InlineData("""{"text":"a","n":1}""", """{ "n" : 1,  "text" : "a" }""")]
    [InlineData("""{"b":{"y":2,"x":1},"a":[1,2]}""", """{"a":[1, 2],"b":{"x":1,"y":2}}""")]
    [InlineData("""{"text":"café"}""", """{"text":"caf\u00e9"}""")]
    [InlineData("""{"n":1}""", """{"n":1.0}""")]
    [InlineData("""{"n":150}""", """{"n":1.5e2}""")]
    [InlineData("""{"n":0}""", """{"n":-0.0}""")]
    [InlineData("""{"s":"<b>\"x\"</b>"}""", """{"s":"\u003cb\u003e\"x\"\u003c/b\u003e"}""")]
    public void Of_SameDataDifferentKeyOrderOrSpelling_SameHash(string a, string b)
    {
        Assert.Equal(TaskContentHash.Of(a), TaskContentHash.Of(b));
        Assert.Equal(TaskContentHash.Canonical(a), TaskContentHash.Canonical(b));
    }

    [Theory]
    [InlineData("""{"text":"a"}""", """{"text":"b"}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"n":1}""", """{"n":"1"}""")]
    [InlineData("""{"t":"A"}""", """{"t":"a"}""")]
    [InlineData("""{"t":"a "}""", """{"t":"a"}""")]
    [InlineData("""{"n":null}""", """{}""")]
    [InlineData("""{"n":12345678901234567890123456789012}""", """{"n":12345678901234567890123456789013}""")]
    [InlineData("""{"n":1e-30}""", """{"n":0}""")]
    public void Of_DifferentData_DifferentHash(string a, string b) =>
        Assert.NotEqual(TaskContentHash.Of(a), TaskContentHash.Of(b));

    [Fact]
    public void Canonical_SortsKeysByCodeUnitAndDropsWhitespace() =>
        Assert.Equal("""{"B":1,"a":{"c":[true,false,null],"d":"x y"}}""",
            TaskContentHash.Canonical("""{ "a": { "d": "x y", "c": [ true, false, null ] }, "B": 1 }"""));

    [Fact]
    public void Of_KnownData_StableAcrossRunsAndMachines() =>
        // sha256sum of {"text":"hello"} starts cbbbdcd27692344d: its first 8 bytes, big-endian, as a signed number.
        Assert.Equal(unchecked((long)0xcbbbdcd27692344dUL), TaskContentHash.Of("""{ "text" : "hello" }"""));

    [Fact]
    public void Check_DuplicateWithOtherKeyOrder_IsADuplicate()
    {
        var checker = new ImportRowChecker(Config);
        Assert.Empty(checker.Check(Task("""{"text":"same","id":1}""", line: 1)));
        Assert.Contains("line 1", Assert.Single(checker.Check(Task("""{"id":1, "text":"same"}""", line: 2))).Message);
    }

    // Stored hashes outlive the code: the canonical form written from parsed bytes must stay the one written from
    // strings (the first version), byte for byte, or a re-import would no longer meet the tasks it repeats.
    public static TheoryData<string> Corpus => new()
    {
        """{"text":"plain"}""",
        """{"text":"caf\u00e9 \"q\" back\\slash\n\t tab <b>&amp;</b> \u0001"}""",
        """{"text":"😀 \ud83d\ude00 日本語 \u2028"}""",
        """{"b":2,"a":1,"A":0,"é":3,"e":4,"\uE000":5,"\ud83d\ude00":6}""",
        """{"n":[0,-0,1,-17,1.50,1e2,1.5E-3,123456789012345678,1234567890123456789,-0.0,0.5e1,12345678901234567890123456789012]}""",
        """{"nested":{"z":[{"y":true,"x":false}],"a":null,"dup":1,"dup":2}}""",
        """{"url":"https://example.com/a?b=c&d=e#f","empty":"","arr":[]}""",
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Canonical_AnyData_SameBytesAsTheFirstVersion(string data) =>
        Assert.Equal(FirstVersionCanonical(data), TaskContentHash.Canonical(data));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Read_JsonLinesTask_CarriesTheHashOfItsData(string data)
    {
        foreach (var line in new[] { data, $$"""{"data":{{data}},"annotations":[]}""" })
        {
            var record = Assert.Single(TaskFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(line)), ImportFormat.JsonLines));
            Assert.Equal(TaskContentHash.Of(data), record.Task!.ContentHash);
        }
    }

    private static string FirstVersionCanonical(string dataJson)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var document = JsonDocument.Parse(dataJson))
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = true,
               }))
        {
            Write(document.RootElement, writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);

        static void Write(JsonElement element, Utf8JsonWriter writer)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var (property, _) in element.EnumerateObject().Select((p, i) => (p, i))
                                 .OrderBy(x => x.p.Name, StringComparer.Ordinal).ThenBy(x => x.i))
                    {
                        writer.WritePropertyName(property.Name);
                        Write(property.Value, writer);
                    }
                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray()) Write(item, writer);
                    writer.WriteEndArray();
                    break;
                case JsonValueKind.String:
                    writer.WriteStringValue(element.GetString());
                    break;
                case JsonValueKind.Number:
                    writer.WriteRawValue(Number(element.GetRawText()), skipInputValidation: true);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    writer.WriteBooleanValue(element.GetBoolean());
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        static string Number(string raw)
        {
            if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return raw;
            var text = (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
            if (text == "-0") text = "0";
            return Digits(text) == Digits(raw) ? text : raw;
        }

        static string Digits(string number)
        {
            var e = number.IndexOfAny(['e', 'E']);
            var mantissa = e >= 0 ? number[..e] : number;
            return new string(mantissa.Where(char.IsAsciiDigit).SkipWhile(c => c == '0').ToArray()).TrimEnd('0');
        }
    }
}
