namespace LabelStudio.Data.Quality;

/// <summary>Settings of the quality recompute (configuration section <c>Quality</c>).</summary>
public sealed class QualityOptions
{
    public const string Section = "Quality";

    /// <summary>Quiet time after the last submit before a project is recomputed.</summary>
    public int DebounceMilliseconds { get; set; } = 2000;

    /// <summary>Bootstrap resamples for the alpha confidence interval (0 = none).</summary>
    public int BootstrapResamples { get; set; } = 1000;

    /// <summary>Tasks re-scored per database round trip after a recompute (one write-lock hold each: raters wait behind it).</summary>
    public int RescoreChunkSize { get; set; } = 100;

    internal static IEnumerable<string> Validate(QualityOptions o)
    {
        if (o.DebounceMilliseconds is < 0 or > 3_600_000) yield return "Quality:DebounceMilliseconds must be 0 to 3600000.";
        if (o.BootstrapResamples is < 0 or > 100_000) yield return "Quality:BootstrapResamples must be 0 to 100000.";
        if (o.RescoreChunkSize is < 1 or > 100_000) yield return "Quality:RescoreChunkSize must be 1 to 100000.";
    }
}
