using System.Text;
using System.Text.Json;

namespace LabelStudio.Consensus.Batch;

/// <summary>Time spent in one stage of a batch run.</summary>
/// <param name="Stage">Stage name (read, index, alpha, agreement, pairwise, dawid_skene, items, raters, write).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record StageTiming(string Stage, double Seconds);

/// <summary>The Dawid–Skene part of a summary.</summary>
/// <param name="Iterations">EM iterations.</param>
/// <param name="Converged">Whether the tolerance was met.</param>
/// <param name="LogLikelihood">Final log-likelihood.</param>
/// <param name="ClassPriors">Class priors in category order.</param>
public sealed record DawidSkeneSummary(int Iterations, bool Converged, double LogLikelihood, IReadOnlyList<double> ClassPriors);

/// <summary>
/// The result of an <see cref="AgreementRunner"/> run. <see cref="ToJson"/> writes one JSON object with snake_case
/// names; undefined values (NaN) are written as null.
/// </summary>
public sealed record AgreementSummary
{
    /// <summary>Input file.</summary>
    public required string Input { get; init; }

    /// <summary>Level of measurement.</summary>
    public required MeasurementLevel Level { get; init; }

    /// <summary>Number of ratings.</summary>
    public required int Ratings { get; init; }

    /// <summary>Number of items.</summary>
    public required int Items { get; init; }

    /// <summary>Number of raters.</summary>
    public required int Raters { get; init; }

    /// <summary>Categories in index order.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Items with a gold answer.</summary>
    public required int GoldItems { get; init; }

    /// <summary>Krippendorff's alpha at <see cref="Level"/>.</summary>
    public required double Alpha { get; init; }

    /// <summary>Bootstrap confidence interval of alpha.</summary>
    public required AlphaInterval AlphaInterval { get; init; }

    /// <summary>Fleiss' kappa (generalised to unequal numbers of ratings).</summary>
    public required double FleissKappa { get; init; }

    /// <summary>Gwet's AC1.</summary>
    public required double Ac1 { get; init; }

    /// <summary>Percent agreement (mean pairwise agreement per item).</summary>
    public required double PercentAgreement { get; init; }

    /// <summary>Overlap-weighted mean of all defined pairwise Cohen's kappas.</summary>
    public required double MeanPairwiseKappa { get; init; }

    /// <summary>Dawid–Skene fit.</summary>
    public required DawidSkeneSummary DawidSkene { get; init; }

    /// <summary>Items flagged as conflicts.</summary>
    public required int Conflicts { get; init; }

    /// <summary>Items whose majority vote is tied.</summary>
    public required int Ties { get; init; }

    /// <summary>Items where the majority label and the Dawid–Skene label differ.</summary>
    public required int MajorityDawidSkeneDisagreements { get; init; }

    /// <summary>Raters flagged as spammers.</summary>
    public required int Spammers { get; init; }

    /// <summary>Total wall-clock seconds of the run.</summary>
    public required double Seconds { get; init; }

    /// <summary>Seconds per stage.</summary>
    public required IReadOnlyList<StageTiming> Timings { get; init; }

    /// <summary>One JSON object (no trailing newline).</summary>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("input", Input);
            w.WriteString("level", Level.ToString().ToLowerInvariant());
            w.WriteNumber("ratings", Ratings);
            w.WriteNumber("items", Items);
            w.WriteNumber("raters", Raters);
            w.WriteStartArray("categories");
            foreach (var c in Categories)
            {
                w.WriteStringValue(c);
            }
            w.WriteEndArray();
            w.WriteNumber("gold_items", GoldItems);
            Number(w, "alpha", Alpha);
            w.WriteStartArray("alpha_ci");
            Value(w, AlphaInterval.Lower);
            Value(w, AlphaInterval.Upper);
            w.WriteEndArray();
            Number(w, "fleiss_kappa", FleissKappa);
            Number(w, "ac1", Ac1);
            Number(w, "percent_agreement", PercentAgreement);
            Number(w, "mean_pairwise_kappa", MeanPairwiseKappa);
            w.WriteStartObject("dawid_skene");
            w.WriteNumber("iterations", DawidSkene.Iterations);
            w.WriteBoolean("converged", DawidSkene.Converged);
            Number(w, "log_likelihood", DawidSkene.LogLikelihood);
            w.WriteStartArray("class_priors");
            foreach (var p in DawidSkene.ClassPriors)
            {
                Value(w, p);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNumber("conflicts", Conflicts);
            w.WriteNumber("ties", Ties);
            w.WriteNumber("mv_ds_disagreements", MajorityDawidSkeneDisagreements);
            w.WriteNumber("spammers", Spammers);
            w.WriteNumber("seconds", Math.Round(Seconds, 4));
            w.WriteStartObject("timings");
            foreach (var t in Timings)
            {
                w.WriteNumber(t.Stage, Math.Round(t.Seconds, 4));
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        Value(w, value);
    }

    private static void Value(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(Math.Round(value, 6));
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
