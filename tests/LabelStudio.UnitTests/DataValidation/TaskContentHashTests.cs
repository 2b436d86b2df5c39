using LabelStudio.Core.DataValidation;
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
}
