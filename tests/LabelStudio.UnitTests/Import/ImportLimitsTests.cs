using System.Text;
using LabelStudio.Core.Import;

namespace LabelStudio.UnitTests.Import;

public sealed class ImportLimitsTests
{
    private static readonly ImportLimits Small = new() { MaxRecordBytes = 4096, MaxColumns = 5 };

    private static List<ImportRecord> Read(string text, ImportFormat format, ImportLimits? limits = null) =>
        TaskFileReader.Read(TestStreams.Chunked(text, 997), format, limits ?? Small).ToList();

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    [Fact]
    public void JsonLines_LineOverTheLimit_RefusedWithItsLine()
    {
        var text = "{\"text\":\"ok\"}\n{\"text\":\"" + new string('x', 10_000) + "\"}\n{\"text\":\"never read\"}\n";
        var error = Assert.Throws<ImportFormatException>(() => Read(text, ImportFormat.JsonLines));
        Assert.Equal(2, error.Line);
        Assert.Contains("Line 2 is longer than 4,096 bytes", error.Message);
    }

    [Fact]
    public void JsonLines_EndlessLineWithoutNewline_StopsAtTheLimit()
    {
        var text = new string(' ', 3) + new string('{', 50_000);
        var error = Assert.Throws<ImportFormatException>(() => Read(text, ImportFormat.JsonLines));
        Assert.Contains("longer than", error.Message);
    }

    [Fact]
    public void JsonLines_DeepNesting_IsARowErrorNamingTheDepth()
    {
        var records = Read("{\"text\":" + Deep(200) + "}\n{\"text\":\"fine\"}\n", ImportFormat.JsonLines, ImportLimits.Default);
        Assert.Equal(1, records[0].Error!.Line);
        Assert.Contains("depth of 64", records[0].Error!.Message);
        Assert.True(records[1].IsTask);
    }

    [Fact]
    public void Json_ObjectOverTheLimit_RefusedWithItsLine()
    {
        var text = "[\n{\"text\":\"a\"},\n{\"text\":\"" + new string('y', 20_000) + "\"}\n]";
        var error = Assert.Throws<ImportFormatException>(() => Read(text, ImportFormat.Json));
        Assert.Contains("larger than 4,096 bytes", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Json_DeepNesting_RefusedAsBrokenJson()
    {
        var error = Assert.Throws<ImportFormatException>(() => Read("[{\"text\":" + Deep(10_000) + "}]", ImportFormat.Json, ImportLimits.Default));
        Assert.Contains("depth of 64", error.Message);
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("1e999")]
    public void Json_NonFiniteLeadTime_IsARowError(string value)
    {
        var record = Read("{\"data\":{\"text\":\"a\"},\"annotations\":[{\"result\":[],\"lead_time\":" + value + "}]}\n", ImportFormat.JsonLines).Single();
        Assert.Equal("annotations[0].lead_time", record.Error!.Field);
        Assert.Contains("finite number", record.Error.Message);
    }

    [Fact]
    public void Csv_RowOverTheLimit_RefusedWithItsLine()
    {
        var text = "text\nshort\n\"" + new string('z', 5000) + "\"\n";
        var error = Assert.Throws<ImportFormatException>(() => Read(text, ImportFormat.Csv));
        Assert.Equal(3, error.Line);
        Assert.Contains("longer than 4,096 bytes", error.Message);
    }

    [Fact]
    public void Tsv_TooManyColumns_Refused()
    {
        var text = string.Join('\t', Enumerable.Range(0, 9).Select(i => "c" + i)) + "\n";
        var error = Assert.Throws<ImportFormatException>(() => Read(text, ImportFormat.Tsv));
        Assert.Contains("at most 5 columns", error.Message);
    }

    [Fact]
    public void Csv_UnclosedQuoteAtEndOfFile_NamesWhereItStarts()
    {
        var error = Assert.Throws<ImportFormatException>(() => Read("text\n\"truncated", ImportFormat.Csv));
        Assert.Contains("line 2 is never closed", error.Message);
    }

    [Fact]
    public void Json_TruncatedFile_SaysItEndsTooEarly()
    {
        var error = Assert.Throws<ImportFormatException>(() => Read("[{\"text\":\"a\"},{\"text\":\"b", ImportFormat.Json));
        Assert.Contains("The JSON is broken at line 1", error.Message);
    }

    [Fact]
    public void AnyFormat_InvalidUtf8_NamesTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\":\"a\"}\n{\"text\":\"").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var error = Assert.Throws<ImportFormatException>(() => TaskFileReader.Read(new MemoryStream(bytes), ImportFormat.JsonLines).ToList());
        Assert.Equal(2, error.Line);
        Assert.Contains("UTF-8", error.Message);
    }
}
