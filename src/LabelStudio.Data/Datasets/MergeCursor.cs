namespace LabelStudio.Data.Datasets;

/// <summary>
/// One side of a merge join on task id: streams rows sorted by task and hands out the rows of one task at a time,
/// skipping the rows of tasks the caller never asks for (tasks filtered out). Task ids must be asked in ascending order.
/// It reads one row ahead and holds nothing else, so memory does not depend on the number of rows.
/// </summary>
internal sealed class MergeCursor<T>(IEnumerable<T> source, Func<T, long> taskId) : IDisposable
    where T : class
{
    private readonly IEnumerator<T> _rows = source.GetEnumerator();
    private T? _current;
    private bool _done;

    /// <summary>Replaces <paramref name="into"/>'s content with the task's rows.</summary>
    public void Read(long task, List<T> into)
    {
        into.Clear();
        while (Peek(task) is { } row)
        {
            into.Add(row);
            _current = null;
        }
    }

    /// <summary>The task's last row, or null.</summary>
    public T? Last(long task)
    {
        T? last = null;
        while (Peek(task) is { } row)
        {
            last = row;
            _current = null;
        }
        return last;
    }

    /// <summary>The next row when it belongs to the task, after skipping rows of earlier tasks.</summary>
    private T? Peek(long task)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_done || !_rows.MoveNext())
                {
                    _done = true;
                    return null;
                }
                _current = _rows.Current;
            }
            var id = taskId(_current);
            if (id == task) return _current;
            if (id > task) return null;
            _current = null;
        }
    }

    public void Dispose() => _rows.Dispose();
}
