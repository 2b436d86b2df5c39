using System.Text.Json;
using LabelStudio.Consensus;

namespace LabelStudio.Quality;

/// <summary>
/// A Dawid–Skene model as stored with a snapshot: class priors and each rater's confusion matrix (rows = true class,
/// columns = answer), keyed by user id so that it survives new raters joining (they are scored with the pooled matrix).
/// </summary>
public sealed record StoredDawidSkeneModel(string Control, IReadOnlyList<string> Classes, double[] Priors,
    IReadOnlyList<StoredRaterConfusion> Raters, double? LogLikelihood, int Iterations, bool Converged)
{
    public static StoredDawidSkeneModel From(string control, IReadOnlyList<string> classes, IReadOnlyList<string> raterIds,
        DawidSkeneModel model)
    {
        var k = model.ClassCount;
        var raters = new List<StoredRaterConfusion>(model.RaterCount);
        for (var r = 0; r < model.RaterCount; r++)
        {
            var flat = model.ConfusionMatrix(r);
            var rows = new double[k][];
            for (var t = 0; t < k; t++)
            {
                rows[t] = flat.Slice(t * k, k).ToArray();
            }
            raters.Add(new StoredRaterConfusion(raterIds[r], rows));
        }
        return new StoredDawidSkeneModel(control, classes, model.Priors.ToArray(), raters,
            double.IsFinite(model.LogLikelihood) ? model.LogLikelihood : null, model.Iterations, model.Converged);
    }

    public string ToJson() => JsonSerializer.Serialize(this, QualityJson.Options);

    public static StoredDawidSkeneModel? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<StoredDawidSkeneModel>(json, QualityJson.Options);

    /// <summary>The engine's model plus the user id → rater index map.</summary>
    public (DawidSkeneModel Model, Dictionary<string, int> RaterIndex) ToEngine()
    {
        var k = Priors.Length;
        var confusion = new double[Raters.Count * k * k];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < Raters.Count; r++)
        {
            index[Raters[r].UserId] = r;
            for (var t = 0; t < k; t++)
            {
                Raters[r].Confusion[t].AsSpan().CopyTo(confusion.AsSpan((r * k + t) * k, k));
            }
        }
        return (new DawidSkeneModel(Priors, confusion, Raters.Count, LogLikelihood ?? double.NaN, Iterations, Converged), index);
    }
}
