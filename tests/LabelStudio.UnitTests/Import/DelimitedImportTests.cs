using System.Text;
using LabelStudio.Core.Import;

namespace LabelStudio.UnitTests.Import;

public sealed class DelimitedImportTests
{
    private static List<ImportRecord> Csv(string text) =>
        TaskFileReader.Read(TestStreams.Utf8(text), ImportFormat.Csv).ToList();

    [Fact]
    public void Header_gives_keys_and_values_stay_strings()
    {
        var records = Csv("text,ref_id,score\nHello world,17,0.5\r\nSecond,18,\n");
        Assert.Equal(2, records.Count);
        var first = records[0].Task!;
        Assert.Equal(2, first.Line);
        Assert.Equal(["text", "ref_id", "score"], first.DataKeys);
        Assert.Equal("""{"text":"Hello world","ref_id":"17","score":"0.5"}""", first.DataJson);
        Assert.Empty(first.Annotations);
        Assert.Empty(first.Predictions);
        Assert.Null(first.MetaJson);
        Assert.Equal(3, records[1].Task!.Line);
        Assert.Equal("""{"text":"Second","ref_id":"18","score":""}""", records[1].Task!.DataJson);
    }

    [Fact]
    public void Quoted_fields_with_delimiters_quotes_and_newlines_keep_line_numbers()
    {
        var records = Csv("id,text\n1,\"He said \"\"hi\"\", then left\"\n2,\"line one\nline two\r\nline three\"\n3,plain\n\n4,\"\"\n");
        Assert.Equal(4, records.Count);
        Assert.Equal([2, 3, 6, 8], records.Select(r => r.Task!.Line));
        Assert.Equal("""{"id":"1","text":"He said \"hi\", then left"}""", records[0].Task!.DataJson);
        Assert.Equal("{\"id\":\"2\",\"text\":\"line one\\nline two\\r\\nline three\"}", records[1].Task!.DataJson);
        Assert.Equal("""{"id":"4","text":""}""", records[3].Task!.DataJson);
    }

    [Fact]
    public void Ragged_row_is_a_row_error_and_reading_continues()
    {
        var records = Csv("a,b\n1,2\n1,2,3\nonly\n5,6");
        Assert.Equal(4, records.Count);
        Assert.Equal(3, records[1].Error!.Line);
        Assert.Contains("3 fields", records[1].Error!.Message);
        Assert.Contains("header has 2", records[1].Error!.Message);
        Assert.Equal(4, records[2].Error!.Line);
        Assert.Equal(5, records[3].Task!.Line);
    }

    [Fact]
    public void Text_after_closing_quote_is_a_row_error()
    {
        var records = Csv("a,b\n\"x\"y,2\n3,4\n");
        Assert.Equal(2, records[0].Error!.Line);
        Assert.Contains("closing quote", records[0].Error!.Message);
        Assert.Equal(3, records[1].Task!.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    public void Empty_file_is_a_file_error(string text)
    {
        var ex = Assert.Throws<ImportFormatException>(() => Csv(text));
        Assert.Contains("empty", ex.Message);
    }

    [Theory]
    [InlineData("Great product,5,\nBad product,1,\n", "empty name")]
    [InlineData("yes,no,yes\n1,2,3\n", "twice")]
    [InlineData("\n\ntext,,x\n", "empty name")]
    public void Header_less_or_bad_header_is_a_file_error(string text, string fragment)
    {
        var ex = Assert.Throws<ImportFormatException>(() => Csv(text));
        Assert.Contains(fragment, ex.Message);
        Assert.Equal(text.StartsWith('\n') ? 3 : 1, ex.Line);
    }

    [Fact]
    public void Unclosed_quote_is_a_file_error_at_its_start_line()
    {
        var ex = Assert.Throws<ImportFormatException>(() => Csv("a,b\n1,2\n3,\"never\nclosed\n"));
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Header_only_file_has_no_tasks() => Assert.Empty(Csv("text,label\n"));

    [Fact]
    public void Tsv_uses_tabs_and_quotes()
    {
        var records = TaskFileReader.Read(TestStreams.Utf8("text\tlabel\nhello, world\tA\n\"tab\tinside\"\tB\n"), ImportFormat.Tsv).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal("""{"text":"hello, world","label":"A"}""", records[0].Task!.DataJson);
        Assert.Equal("{\"text\":\"tab\\tinside\",\"label\":\"B\"}", records[1].Task!.DataJson);
        Assert.Equal(3, records[1].Task!.Line);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("text\nok\n\"multi\nline\"\nbad ").Concat(new byte[] { 0xE9, 0x20 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var ex = Assert.Throws<ImportFormatException>(() => TaskFileReader.Read(new MemoryStream(bytes), ImportFormat.Csv).ToList());
        Assert.Equal(5, ex.Line);
    }

    [Fact]
    public void Tiny_chunks_with_multibyte_characters_and_bom()
    {
        var text = "\uFEFFtext,city\n\"Grüße aus \"\"Köln\"\"\nzweite Zeile\",Köln\n日本語のテキスト,東京\n🎉 party,\"Zürich, CH\"\n";
        var records = TaskFileReader.Read(TestStreams.Chunked(text), ImportFormat.Csv).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(["text", "city"], records[0].Task!.DataKeys);
        Assert.Equal("{\"text\":\"Grüße aus \\\"Köln\\\"\\nzweite Zeile\",\"city\":\"Köln\"}", records[0].Task!.DataJson);
        Assert.Equal([2, 4, 5], records.Select(r => r.Task!.Line));
        Assert.Equal("""{"text":"日本語のテキスト","city":"東京"}""", records[1].Task!.DataJson);
        Assert.Contains("Zürich, CH", records[2].Task!.DataJson);
    }
}
