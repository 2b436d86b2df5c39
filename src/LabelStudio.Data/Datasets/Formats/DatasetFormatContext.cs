using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Data.Datasets.Formats;

/// <summary>What every writer needs besides the rows: the version, its configuration's controls and the data fields.</summary>
public sealed record DatasetFormatContext(long VersionId, int VersionNumber, DatasetScope Scope, int ConfigVersion,
    LabelingConfiguration Config, IReadOnlyList<string> DataFields)
{
    public IReadOnlyList<ControlTag> Controls => Config.Controls;
}
