namespace LabelStudio.Consensus;

/// <summary>How many labels one region may carry (Label Studio's <c>choice</c> attribute on <c>Labels</c>).</summary>
public enum SpanLabelMode
{
    /// <summary>One label per region: the label with the most votes wins; two labels sharing the top count are a tie.</summary>
    Single,

    /// <summary>Several labels per region: each label marked by more than half of the region's raters is kept; exactly half is a tie.</summary>
    Multiple,
}
