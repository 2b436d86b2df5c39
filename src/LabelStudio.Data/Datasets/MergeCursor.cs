namespace LabelStudio.Data.Datasets;

/// <summary>
/// One side of a merge join on task id: streams rows sorted by task and hands out the rows of one task at a time,
/// skipping the rows of tasks the caller never asks for (tasks filtered out). Task ids must be asked in ascending order.
/// It reads one row ahead and holds nothing else, so memory does not depend on the number of rows. Rows may be
/// structs (the many small ones of a large input, which then cost no allocation each).
/// </summary>
internal sealed class MergeCursor<T>(IEnumerable<T> source, Func<T, long> taskId) : IDisposable
{
    private readonly IEnumerator<T> _rows = source.GetEnumerator();
    private T _current = default!;
    private bool _hasCurrent;
    private bool _done;

    /// <summary>Replaces <paramref name="into"/>'s content with the task's rows.</summary>
    public void Read(long task, List<T> into)
    {
        into.Clear();
        while (Peek(task))
        {
            into.Add(_current);
            _hasCurrent = false;
        }
    }

    /// <summary>The task's last row, or the default (null for a class) when it has none.</summary>
    public T? Last(long task)
    {
        T? last = default;
        while (Peek(task))
        {
            last = _current;
            _hasCurrent = false;
        }
        return last;
    }

    /// <summary>Whether the next row belongs to the task (it is then <see cref="_current"/>), after skipping rows of
    /// earlier tasks.</summary>
    private bool Peek(long task)
    {
        while (true)
        {
            if (!_hasCurrent)
            {
                if (_done || !_rows.MoveNext())
                {
                    _done = true;
                    return false;
                }
                _current = _rows.Current;
                _hasCurrent = true;
            }
            var id = taskId(_current);
            if (id == task) return true;
            if (id > task) return false;
            _hasCurrent = false;
        }
    }

    public void Dispose() => _rows.Dispose();
}
