using LabelStudio.Data.Datasets;

namespace LabelStudio.IntegrationTests.Datasets;

/// <summary>A build input read on its own thread: every row in order, its failure where the build reads, and no reading
/// left running once the build stops.</summary>
public sealed class PrefetchTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(10_000)]
    public void OnOwnThread_GivesEveryRowInOrder(int count)
    {
        var rows = Prefetch.OnOwnThread(Enumerable.Range(0, count), block: 1024, blocksAhead: 2, CancellationToken.None).ToList();

        Assert.Equal(Enumerable.Range(0, count), rows);
    }

    [Fact]
    public void OnOwnThread_SourceFails_TheReaderGetsItsExceptionAfterTheRowsBeforeIt()
    {
        var read = new List<int>();

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var row in Prefetch.OnOwnThread(Failing(2500), block: 1000, blocksAhead: 2, CancellationToken.None)) read.Add(row);
        });

        Assert.Equal("row 2500 is broken", error.Message);
        Assert.Equal(Enumerable.Range(0, 2000), read);
    }

    [Fact]
    public void OnOwnThread_ReaderLeavesEarly_TheSourceIsDisposedBeforeItReturns()
    {
        var source = new CountingSource(1_000_000);

        var first = Prefetch.OnOwnThread(source, block: 100, blocksAhead: 2, CancellationToken.None).Take(150).ToList();

        Assert.Equal(150, first.Count);
        Assert.True(source.Disposed, "the source was still being read after the reader left");
        // Bounded read-ahead: the blocks in flight and the one being filled, not the whole source.
        Assert.True(source.Read <= 100 * 5, $"read {source.Read} rows ahead");
    }

    private static IEnumerable<int> Failing(int at)
    {
        for (var i = 0; ; i++)
        {
            if (i == at) throw new InvalidDataException($"row {i} is broken");
            yield return i;
        }
    }

    private sealed class CountingSource(int count) : IEnumerable<int>
    {
        public volatile bool Disposed;
        public int Read;

        public IEnumerator<int> GetEnumerator()
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    Interlocked.Increment(ref Read);
                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
