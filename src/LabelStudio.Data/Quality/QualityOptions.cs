using Microsoft.Extensions.Configuration;

namespace LabelStudio.Data.Quality;

/// <summary>Settings of the quality recompute (configuration section <c>Quality</c>).</summary>
public sealed record QualityOptions
{
    /// <summary>Quiet time after the last submit before a project is recomputed.</summary>
    public int DebounceMilliseconds { get; init; } = 2000;

    /// <summary>Bootstrap resamples for the alpha confidence interval (0 = none).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Tasks re-scored per database round trip after a recompute.</summary>
    public int RescoreChunkSize { get; init; } = 500;

    public static QualityOptions FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection("Quality").Get<QualityOptions>() ?? new QualityOptions();
}
