using LabelStudio.Core.Results;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>One state of the answer being edited: the result and the controls answered with "no entities".</summary>
public sealed record AnswerState(IReadOnlyList<ResultItem> Result, IReadOnlySet<string> NoEntities);

/// <summary>Undo and redo over the answer's states; a new edit clears the redo side. Bounded, oldest dropped first.</summary>
public sealed class EditHistory
{
    private const int Limit = 200;
    private readonly LinkedList<AnswerState> _undo = new();
    private readonly Stack<AnswerState> _redo = new();

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    /// <summary>Remembers <paramref name="before"/>, the state an edit is about to replace.</summary>
    public void Record(AnswerState before)
    {
        _undo.AddLast(before);
        if (_undo.Count > Limit)
        {
            _undo.RemoveFirst();
        }

        _redo.Clear();
    }

    public AnswerState? Undo(AnswerState current)
    {
        if (_undo.Last is not { } last)
        {
            return null;
        }

        _undo.RemoveLast();
        _redo.Push(current);
        return last.Value;
    }

    public AnswerState? Redo(AnswerState current)
    {
        if (!_redo.TryPop(out var next))
        {
            return null;
        }

        _undo.AddLast(current);
        return next;
    }

    public void Clear()
    {
        _undo.Clear();
        _redo.Clear();
    }
}
