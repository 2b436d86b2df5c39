using System.Buffers.Text;
using System.Text.Json;
using LabelStudio.Feedback.Calibration;
using LabelStudio.Feedback.Graded;
using LabelStudio.Feedback.Ingest;
using LabelStudio.Feedback.Models;

namespace LabelStudio.Feedback.Batch;

/// <summary>Output of <see cref="FeedbackInferRunner"/>: aggregate, scores, labels, calibration and timings, with writers.</summary>
public sealed class FeedbackInferResult
{
    /// <summary>The cleaned, aggregated log.</summary>
    public required ClickAggregate Aggregate { get; init; }

    /// <summary>Model scores per pair.</summary>
    public required ClickModelScores Scores { get; init; }

    /// <summary>Probabilities, decisions and calibration.</summary>
    public required FeedbackLabels Labels { get; init; }

    /// <summary>Per-grade probabilities and graded labels (null when not computed).</summary>
    public GradedLabels? Graded { get; init; }

    /// <summary>Stage timings (ingest, clean, aggregate, models, calibrate, write).</summary>
    public required IReadOnlyList<StageTiming> Timings { get; init; }

    /// <summary>Seed rows that did not parse.</summary>
    public int SeedMalformedRows { get; init; }

    /// <summary>Input path.</summary>
    public string? InputPath { get; init; }

    /// <summary>Input format.</summary>
    public ClickLogFormat Format { get; init; }

    /// <summary>Total wall-clock time.</summary>
    public TimeSpan Total => TimeSpan.FromTicks(Timings.Sum(t => t.Elapsed.Ticks));

    /// <summary>Number of pairs with evidence.</summary>
    public int PairCount => Aggregate.PairCount;

    /// <summary>Full evidence record of one pair.</summary>
    public PairEvidence GetEvidence(int pair)
    {
        var c = Aggregate.GetPairCounts(pair);
        var theta = Scores.Pbm.ThetaArray;
        return new PairEvidence
        {
            QueryId = Aggregate.GetQueryId(pair),
            DocId = Aggregate.GetDocId(pair),
            Impressions = c.Impressions,
            Clicks = c.Clicks,
            SatClicks = c.SatClicks,
            BestRank = c.BestRank,
            DistinctClickers = c.DistinctClickers,
            TopClickerShare = c.TopClickerShare,
            EffectiveImpressions = Scores.Pbm.EffectiveArray[pair],
            Ctr = Scores.CtrArray[pair],
            SatCtr = Scores.SatCtrArray[pair],
            PbmAlpha = Scores.Pbm.AlphaArray[pair],
            PbmAlphaSd = Scores.Pbm.PosteriorSdArray[pair],
            SdbnAttractiveness = Scores.SdbnAttractivenessArray[pair],
            SdbnSatisfaction = Scores.SdbnSatisfactionArray[pair],
            Sdbn = Scores.SdbnArray[pair],
            Score = Scores.CombinedArray[pair],
            PRel = Labels.PRelArray[pair],
            Label = Labels.LabelArray[pair],
            Reason = Labels.ReasonArray[pair],
            SpamSuspected = c.SpamSuspected,
            Ranks = Aggregate.GetCells(pair).Select(x => new RankEvidence(x.Rank, x.Impressions, x.Clicks, x.SatClicks, theta[x.Rank - 1])).ToArray(),
        };
    }

    /// <summary>
    /// Writes <c>query_id doc_id score p_rel label grade p_grade0 … p_grade4 expected_grade</c> for every pair with
    /// evidence (tabs, header first). The score is P(relevant), the best estimate; both are empty for a spam suspect
    /// (<see cref="FeedbackLabels.ReportedPRel"/>). The graded columns are empty without a graded model (or for a spam
    /// suspect), and <c>grade</c> when the pair abstains on the grade.
    /// </summary>
    public void WriteLabelsTsv(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[1 << 16];
        int pos = 0;
        void Put(ReadOnlySpan<byte> bytes)
        {
            if (pos + bytes.Length > buffer.Length)
            {
                stream.Write(buffer, 0, pos);
                pos = 0;
                if (bytes.Length > buffer.Length)
                {
                    stream.Write(bytes);
                    return;
                }
            }
            bytes.CopyTo(buffer.AsSpan(pos));
            pos += bytes.Length;
        }
        void PutId(ReadOnlySpan<byte> id)
        {
            if (id.IndexOfAny((byte)'\t', (byte)'\n', (byte)'\r') < 0)
            {
                Put(id);
                return;
            }
            var copy = id.ToArray();
            for (int i = 0; i < copy.Length; i++)
            {
                if (copy[i] is (byte)'\t' or (byte)'\n' or (byte)'\r')
                {
                    copy[i] = (byte)' ';
                }
            }
            Put(copy);
        }
        Span<byte> num = stackalloc byte[32];
        var fmt = new System.Buffers.StandardFormat('F', 6);
        Put("query_id\tdoc_id\tscore\tp_rel\tlabel\tgrade\tp_grade0\tp_grade1\tp_grade2\tp_grade3\tp_grade4\texpected_grade\n"u8);
        for (int p = 0; p < Aggregate.PairCount; p++)
        {
            PutId(Aggregate.GetQueryBytes(p));
            Put("\t"u8);
            PutId(Aggregate.GetDocBytes(p));
            Put("\t"u8);
            // score and p_rel are both the reported P(relevant) (empty for a spam suspect).
            var reported = Labels.ReportedPRel(p);
            int w = 0;
            if (double.IsFinite(reported))
            {
                Utf8Formatter.TryFormat(reported, num, out w, fmt);
            }
            Put(num[..w]);
            Put("\t"u8);
            Put(num[..w]);
            Put("\t"u8);
            Utf8Formatter.TryFormat((int)Labels.LabelArray[p], num, out w);
            Put(num[..w]);
            if (Graded is { } g && g.HasProbabilities(p))
            {
                Put("\t"u8);
                if (g.Grade(p) >= 0)
                {
                    Utf8Formatter.TryFormat(g.Grade(p), num, out w);
                    Put(num[..w]);
                }
                for (int k = 0; k <= GradedLabels.Classes; k++)
                {
                    Put("\t"u8);
                    Utf8Formatter.TryFormat(k < GradedLabels.Classes ? g.Probability(p, k) : g.ExpectedGrade(p), num, out w, fmt);
                    Put(num[..w]);
                }
            }
            else
            {
                Put("\t\t\t\t\t\t\t"u8);
            }
            Put("\n"u8);
        }
        stream.Write(buffer, 0, pos);
        stream.Flush();
    }

    /// <summary>Writes the labels TSV to a file.</summary>
    public void WriteLabelsTsv(string path)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteLabelsTsv(fs);
    }

    /// <summary>Writes one pair's evidence per line as JSON.</summary>
    public void WriteEvidenceJsonl(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream);
        for (int p = 0; p < Aggregate.PairCount; p++)
        {
            var e = GetEvidence(p);
            json.Reset(stream);
            json.WriteStartObject();
            json.WriteString("query_id", e.QueryId);
            json.WriteString("doc_id", e.DocId);
            json.WriteNumber("impressions", e.Impressions);
            json.WriteNumber("clicks", e.Clicks);
            json.WriteNumber("sat_clicks", e.SatClicks);
            json.WriteNumber("best_rank", e.BestRank);
            json.WriteNumber("distinct_clickers", e.DistinctClickers);
            Num(json, "top_clicker_share", e.TopClickerShare);
            Num(json, "effective_impressions", e.EffectiveImpressions);
            Num(json, "ctr", e.Ctr);
            Num(json, "sat_ctr", e.SatCtr);
            Num(json, "pbm_alpha", e.PbmAlpha);
            Num(json, "pbm_alpha_sd", e.PbmAlphaSd);
            Num(json, "sdbn_attractiveness", e.SdbnAttractiveness);
            Num(json, "sdbn_satisfaction", e.SdbnSatisfaction);
            Num(json, "sdbn", e.Sdbn);
            Num(json, "score", e.Score);
            Num(json, "p_rel", e.PRel);
            json.WriteNumber("label", e.Label);
            json.WriteString("reason", ReasonCode(e.Reason));
            json.WriteStartArray("ranks");
            foreach (var r in e.Ranks)
            {
                json.WriteStartObject();
                json.WriteNumber("rank", r.Rank);
                json.WriteNumber("impressions", r.Impressions);
                json.WriteNumber("clicks", r.Clicks);
                json.WriteNumber("sat_clicks", r.SatClicks);
                Num(json, "theta", r.Theta);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>Snake-case code of a reason, as used in the summary and evidence.</summary>
    public static string ReasonCode(AbstainReason reason) => reason switch
    {
        AbstainReason.None => "none",
        AbstainReason.SpamSuspected => "spam_suspected",
        AbstainReason.TooFewImpressions => "too_few_impressions",
        AbstainReason.OnlyLowRanks => "only_low_ranks",
        AbstainReason.ClicksDwellDisagree => "clicks_dwell_disagree",
        AbstainReason.UncertainScore => "uncertain_score",
        _ => reason.ToString(),
    };

    /// <summary>Writes the one-document JSON summary: ingest counters, θ_k, model fit, calibration, decisions, timings.</summary>
    public void WriteSummaryJson(Stream stream, bool indented = true)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var s = Aggregate.Summary;
        var cal = Labels.Calibration;
        json.WriteStartObject();
        json.WriteString("input", InputPath);
        json.WriteString("format", Format == ClickLogFormat.Yandex ? "yandex" : "native");
        json.WriteStartObject("ingest");
        json.WriteNumber("lines", s.Lines);
        json.WriteNumber("impressions_read", s.ImpressionsRead);
        json.WriteNumber("impressions_kept", s.ImpressionsKept);
        json.WriteNumber("duplicate_impressions", s.DuplicateImpressions);
        json.WriteNumber("malformed_lines", s.MalformedLines);
        json.WriteStartArray("malformed_examples");
        foreach (var m in s.MalformedExamples)
        {
            json.WriteStartObject();
            json.WriteNumber("line", m.LineNumber);
            json.WriteString("reason", m.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("click_events", s.ClickEvents);
        json.WriteNumber("collapsed_clicks", s.CollapsedClicks);
        json.WriteNumber("orphan_clicks", s.OrphanClicks);
        json.WriteNumber("clicks_beyond_max_rank", s.ClicksBeyondMaxRank);
        json.WriteNumber("results_beyond_max_rank", s.ResultsBeyondMaxRank);
        json.WriteNumber("null_dwell_clicks", s.NullDwellClicks);
        json.WriteNumber("users", s.Users);
        json.WriteNumber("bot_users", s.BotUsers);
        json.WriteNumber("bot_impressions_dropped", s.BotImpressionsDropped);
        json.WriteNumber("spam_pairs", s.SpamPairs);
        json.WriteNumber("queries", s.Queries);
        json.WriteNumber("docs", s.Docs);
        json.WriteNumber("pairs", s.Pairs);
        json.WriteNumber("cells", s.Cells);
        json.WriteBoolean("cleaned", s.Cleaned);
        json.WriteStartObject("rankers");
        foreach (var kv in s.Rankers)
        {
            json.WriteNumber(kv.Key, kv.Value);
        }
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("theta");
        var totals = Aggregate.GetRankTotals();
        for (int k = 0; k < Scores.Pbm.Theta.Count; k++)
        {
            if (totals[k].Impressions > 0)
            {
                Round(json, Scores.Pbm.Theta[k]);
            }
        }
        json.WriteEndArray();
        json.WriteStartObject("models");
        json.WriteNumber("pbm_iterations", Scores.Pbm.Iterations);
        json.WriteBoolean("pbm_converged", Scores.Pbm.Converged);
        Num(json, "pbm_log_likelihood", Scores.Pbm.LogLikelihoodPerImpression);
        Num(json, "pbm_prior_a", Scores.Pbm.PriorA);
        Num(json, "pbm_prior_b", Scores.Pbm.PriorB);
        Num(json, "pbm_prior_mean", Scores.Pbm.PriorMean);
        json.WriteString("combined", "mean percentile rank of PBM alpha, SDBN a*s and SAT-CTR");
        json.WriteEndObject();

        json.WriteStartObject("calibration");
        json.WriteString("mode", cal.Mode);
        json.WriteString("description", cal.Description);
        Num(json, "target_precision", cal.TargetPrecision);
        json.WriteBoolean("target_reached", cal.TargetReached);
        Num(json, "threshold", cal.ConfidenceThreshold);
        json.WriteNumber("seed_pairs", cal.SeedPairs);
        json.WriteNumber("seed_pairs_with_evidence", cal.SeedPairsWithEvidence);
        json.WriteNumber("seed_positives", cal.SeedPositives);
        json.WriteNumber("seed_malformed_rows", SeedMalformedRows);
        Num(json, "seed_precision", cal.SeedPrecision);
        Num(json, "seed_coverage", cal.SeedCoverage);
        Num(json, "seed_positive_precision", cal.SeedPositivePrecision);
        Num(json, "seed_auc", cal.SeedAuc);
        Num(json, "coverage", Labels.Coverage);
        json.WriteStartArray("curve");
        int step = Math.Max(1, cal.Curve.Count / 20);
        for (int i = 0; i < cal.Curve.Count; i++)
        {
            if (i % step != 0 && i != cal.Curve.Count - 1)
            {
                continue;
            }
            var pt = cal.Curve[i];
            json.WriteStartObject();
            Num(json, "coverage", pt.Coverage);
            Num(json, "precision", pt.Precision);
            Num(json, "threshold", pt.Threshold);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("labels");
        json.WriteNumber("pairs", Aggregate.PairCount);
        json.WriteNumber("relevant", Labels.Positives);
        json.WriteNumber("not_relevant", Labels.Negatives);
        json.WriteNumber("abstained", Labels.Abstained);
        json.WriteStartObject("abstain_reasons");
        foreach (var reason in Enum.GetValues<AbstainReason>())
        {
            if (reason != AbstainReason.None)
            {
                json.WriteNumber(ReasonCode(reason), Labels.AbstainCounts.GetValueOrDefault(reason));
            }
        }
        json.WriteEndObject();
        json.WriteEndObject();

        if (Graded is { } graded)
        {
            WriteGraded(json, graded);
        }

        json.WriteStartObject("timings_ms");
        foreach (var t in Timings)
        {
            json.WriteNumber(t.Stage, Math.Round(t.Elapsed.TotalMilliseconds, 1));
        }
        json.WriteNumber("total", Math.Round(Total.TotalMilliseconds, 1));
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>The graded model: its rule, per-grade ECE on the seed (out of fold) and the grade distribution.</summary>
    private static void WriteGraded(Utf8JsonWriter json, GradedLabels graded)
    {
        var c = graded.Calibration;
        json.WriteStartObject("graded");
        json.WriteString("mode", c.Mode);
        json.WriteString("description", c.Description);
        Num(json, "threshold", c.Threshold);
        Num(json, "seed_accuracy", c.SeedAccuracy);
        Num(json, "seed_accuracy_low", c.SeedAccuracyLow);
        Num(json, "seed_accuracy_high", c.SeedAccuracyHigh);
        Num(json, "seed_coverage", c.SeedCoverage);
        Num(json, "seed_spearman", c.SeedSpearman);
        json.WriteStartArray("grades");
        foreach (var g in c.Grades)
        {
            json.WriteStartObject();
            json.WriteNumber("grade", g.Grade);
            json.WriteNumber("seed_pairs", g.SeedPairs);
            Num(json, "mean_predicted", g.MeanPredicted);
            Num(json, "ece", g.Ece);
            json.WriteNumber("labelled", graded.GradeCounts[g.Grade]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("abstained", graded.Abstained);
        json.WriteEndObject();
    }

    private static void Num(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Round(Utf8JsonWriter json, double value) => json.WriteNumberValue(Math.Round(value, 4));
}
