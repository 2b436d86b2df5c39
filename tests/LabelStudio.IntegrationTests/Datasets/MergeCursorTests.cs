using LabelStudio.Data.Datasets;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>The merge of a version's input streams: rows per task, rows of tasks never asked for skipped, and the
/// stream read one row ahead only (what keeps a build's memory flat however many tasks the project has).</summary>
public sealed class MergeCursorTests
{
    private sealed record Row(long TaskId, string Value);

    private sealed class CountingSource(IReadOnlyList<Row> rows) : IAsyncEnumerable<Row>
    {
        public int Pulled { get; private set; }

        public async IAsyncEnumerator<Row> GetAsyncEnumerator(CancellationToken ct = default)
        {
            foreach (var row in rows)
            {
                await Task.Yield();
                Pulled++;
                yield return row;
            }
        }
    }

    private static readonly Row[] Rows = [new(1, "a"), new(1, "b"), new(2, "c"), new(4, "d"), new(4, "e"), new(4, "f"), new(7, "g")];

    [Fact]
    public async Task ReadAsync_TasksInOrder_HandsOutEachTasksRowsAndSkipsTheOthers()
    {
        var source = new CountingSource(Rows);
        await using var cursor = new MergeCursor<Row>(source, r => r.TaskId, CancellationToken.None);
        var into = new List<Row>();

        await cursor.ReadAsync(1, into);
        Assert.Equal(["a", "b"], into.Select(r => r.Value));
        await cursor.ReadAsync(3, into);
        Assert.Empty(into);
        await cursor.ReadAsync(4, into);
        Assert.Equal(["d", "e", "f"], into.Select(r => r.Value));
        await cursor.ReadAsync(9, into);
        Assert.Empty(into);
    }

    [Fact]
    public async Task ReadAsync_FirstTask_PullsOnlyItsRowsAndOneAhead()
    {
        var source = new CountingSource(Rows);
        await using var cursor = new MergeCursor<Row>(source, r => r.TaskId, CancellationToken.None);

        await cursor.ReadAsync(1, []);
        Assert.Equal(3, source.Pulled);
        await cursor.ReadAsync(2, []);
        Assert.Equal(4, source.Pulled);
    }

    [Fact]
    public async Task LastAsync_SeveralRowsForATask_GivesTheLastAndNullForATaskWithout()
    {
        await using var cursor = new MergeCursor<Row>(new CountingSource(Rows), r => r.TaskId, CancellationToken.None);

        Assert.Equal("b", (await cursor.LastAsync(1))?.Value);
        Assert.Null(await cursor.LastAsync(3));
        Assert.Equal("f", (await cursor.LastAsync(4))?.Value);
        Assert.Equal("g", (await cursor.LastAsync(7))?.Value);
        Assert.Null(await cursor.LastAsync(8));
    }
}
