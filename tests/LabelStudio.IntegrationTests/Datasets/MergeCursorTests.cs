using LabelStudio.Data.Datasets;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>The merge of a version's input streams: rows per task, rows of tasks never asked for skipped, and the
/// stream read one row ahead only (what keeps a build's memory flat however many tasks the project has).</summary>
public sealed class MergeCursorTests
{
    private sealed record Row(long TaskId, string Value);

    private sealed class CountingSource(IReadOnlyList<Row> rows) : IEnumerable<Row>
    {
        public int Pulled { get; private set; }

        public IEnumerator<Row> GetEnumerator()
        {
            foreach (var row in rows)
            {
                Pulled++;
                yield return row;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static readonly Row[] Rows = [new(1, "a"), new(1, "b"), new(2, "c"), new(4, "d"), new(4, "e"), new(4, "f"), new(7, "g")];

    [Fact]
    public void Read_TasksInOrder_HandsOutEachTasksRowsAndSkipsTheOthers()
    {
        var source = new CountingSource(Rows);
        using var cursor = new MergeCursor<Row>(source, r => r.TaskId);
        var into = new List<Row>();

        cursor.Read(1, into);
        Assert.Equal(["a", "b"], into.Select(r => r.Value));
        cursor.Read(3, into);
        Assert.Empty(into);
        cursor.Read(4, into);
        Assert.Equal(["d", "e", "f"], into.Select(r => r.Value));
        cursor.Read(9, into);
        Assert.Empty(into);
    }

    [Fact]
    public void Read_FirstTask_PullsOnlyItsRowsAndOneAhead()
    {
        var source = new CountingSource(Rows);
        using var cursor = new MergeCursor<Row>(source, r => r.TaskId);

        cursor.Read(1, []);
        Assert.Equal(3, source.Pulled);
        cursor.Read(2, []);
        Assert.Equal(4, source.Pulled);
    }

    [Fact]
    public void Last_SeveralRowsForATask_GivesTheLastAndNullForATaskWithout()
    {
        using var cursor = new MergeCursor<Row>(new CountingSource(Rows), r => r.TaskId);

        Assert.Equal("b", cursor.Last(1)?.Value);
        Assert.Null(cursor.Last(3));
        Assert.Equal("f", cursor.Last(4)?.Value);
        Assert.Equal("g", cursor.Last(7)?.Value);
        Assert.Null(cursor.Last(8));
    }
}
