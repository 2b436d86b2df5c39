using LabelStudio.Core.Import;

namespace LabelStudio.Data.Import;

/// <summary>
/// The errors of one import: all are counted, the <see cref="ImportOutcome.MaxReportedErrors"/> with the lowest lines
/// are kept. Some checks report a few hundred lines late (the duplicate probe works a chunk at a time), so arrival order
/// is not line order.
/// </summary>
internal sealed class ImportErrorList
{
    private readonly List<ImportError> _kept = [];

    public int Total { get; private set; }

    /// <summary>The kept errors by line.</summary>
    public IReadOnlyList<ImportError> Reported => _kept.OrderBy(e => e.Line).ToList();

    public void Add(ImportError error)
    {
        Total++;
        if (_kept.Count < ImportOutcome.MaxReportedErrors)
        {
            _kept.Add(error);
            return;
        }
        var last = 0;
        for (var i = 1; i < _kept.Count; i++)
        {
            if (_kept[i].Line > _kept[last].Line) last = i;
        }
        if (error.Line < _kept[last].Line) _kept[last] = error;
    }

    public void AddRange(IEnumerable<ImportError> errors)
    {
        foreach (var error in errors) Add(error);
    }
}
