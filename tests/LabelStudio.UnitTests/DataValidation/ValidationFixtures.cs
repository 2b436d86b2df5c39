using LabelStudio.Core.DataValidation;
using LabelStudio.Core.Import;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.UnitTests.DataValidation;

internal static class ValidationFixtures
{
    public static readonly LabelingConfiguration Config = LabelingConfigParser.Parse("""
        <View>
          <Text name="text" value="$text"/>
          <Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/></Choices>
          <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
          <Rating name="stars" toName="text" maxRating="5"/>
        </View>
        """).Configuration!;

    public static ImportedTask Task(string dataJson, int line = 1, IReadOnlyList<ImportedAnnotation>? annotations = null,
        IReadOnlyList<ImportedPrediction>? predictions = null) =>
        new(line, dataJson, [], annotations ?? [], predictions ?? [], null);

    public static ImportedAnnotation Choice(string choice, string? rater = null) =>
        new($$$"""[{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["{{{choice}}}"]}}]""", null, false, rater, null);

    public static DataStatistics Stats(IEnumerable<ImportedTask> tasks)
    {
        var stats = new DataStatistics();
        foreach (var task in tasks) stats.Add(task);
        return stats;
    }

    /// <summary>n tasks with a "source" field: <paramref name="webShare"/> of them "web", the rest "mail".</summary>
    public static DataStatistics Sources(int n, double webShare) =>
        Stats(Enumerable.Range(0, n).Select(i => Task($"{{\"text\":\"t{i}\",\"source\":\"{(i < n * webShare ? "web" : "mail")}\"}}")));
}
