using System.Text;
using System.Text.Json;
using LabelStudio.Quality;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// Parses an outcome's stored control outcomes (the JSON <see cref="QualityJson.Options"/> writes) with a forward-only
/// reader: every task's differ (its own posterior), so no cache helps, and the reflection deserialiser was a large part of
/// reading a project. Anything it does not expect (another property spelling, an enum as a number) goes to the
/// deserialiser, so the result is always what <see cref="JsonSerializer"/> gives.
/// </summary>
internal static class ControlOutcomeReader
{
    private static readonly (byte[] Name, ConsensusKind Value)[] Kinds = Names<ConsensusKind>();
    private static readonly (byte[] Name, TaskOutcomeState Value)[] States = Names<TaskOutcomeState>();

    public static IReadOnlyList<ControlOutcome> Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return TryRead(utf8) ?? Deserialize(Encoding.UTF8.GetString(utf8));
        }
        catch (JsonException)
        {
            return Deserialize(Encoding.UTF8.GetString(utf8));
        }
    }

    public static IReadOnlyList<ControlOutcome> Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static IReadOnlyList<ControlOutcome> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<ControlOutcome>>(json, QualityJson.Options) ?? [];

    /// <summary>The outcomes, or null when the JSON is not in the shape written (the caller deserialises it instead).</summary>
    private static List<ControlOutcome>? TryRead(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        var outcomes = new List<ControlOutcome>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return null;
            string? control = null, method = null;
            ConsensusKind? kind = null;
            TaskOutcomeState? state = null;
            double? agreement = null, posterior = null;
            double priority = 0;
            List<string>? reasons = null;
            int ratings = 0;
            var noMajority = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) return null;
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("control"u8) && reader.TokenType == JsonTokenType.String) control = Name(ref reader);
                else if (name.SequenceEqual("method"u8) && reader.TokenType == JsonTokenType.String) method = Name(ref reader);
                else if (name.SequenceEqual("kind"u8) && reader.TokenType == JsonTokenType.String) kind = Find(Kinds, reader.ValueSpan);
                else if (name.SequenceEqual("state"u8) && reader.TokenType == JsonTokenType.String) state = Find(States, reader.ValueSpan);
                else if (name.SequenceEqual("agreement"u8) && Number(ref reader, out var a)) agreement = a;
                else if (name.SequenceEqual("posterior"u8) && Number(ref reader, out var p)) posterior = p;
                else if (name.SequenceEqual("priority"u8) && reader.TokenType == JsonTokenType.Number) priority = reader.GetDouble();
                else if (name.SequenceEqual("ratings"u8) && reader.TokenType == JsonTokenType.Number) ratings = reader.GetInt32();
                else if (name.SequenceEqual("noMajority"u8) && reader.TokenType is JsonTokenType.True or JsonTokenType.False) noMajority = reader.GetBoolean();
                else if (name.SequenceEqual("reasons"u8) && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String) return null;
                        (reasons ??= []).Add(reader.GetString()!);
                    }
                }
                // Computed from the others: written, never read back.
                else if (name.SequenceEqual("spanTie"u8)) reader.Skip();
                else return null;
            }
            if (control is null || method is null || kind is null || state is null) return null;
            outcomes.Add(new ControlOutcome(control, kind.Value, state.Value, method, agreement, posterior, priority,
                (IReadOnlyList<string>?)reasons ?? [], ratings, noMajority));
        }
        return outcomes;
    }

    // Control names and methods repeat on every outcome of a project: one string each per thread, not one per outcome.
    [ThreadStatic] private static ParseCache<string>? t_names;

    private static string Name(ref Utf8JsonReader reader) => reader.ValueIsEscaped
        ? reader.GetString()!
        : (t_names ??= new ParseCache<string>(text => text, 256)).Get(reader.ValueSpan);

    /// <summary>A number or null (a missing measure); false for anything else.</summary>
    private static bool Number(ref Utf8JsonReader reader, out double? value)
    {
        value = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
        return reader.TokenType is JsonTokenType.Number or JsonTokenType.Null;
    }

    private static T? Find<T>((byte[] Name, T Value)[] names, ReadOnlySpan<byte> name) where T : struct
    {
        foreach (var (n, value) in names)
        {
            if (name.SequenceEqual(n)) return value;
        }
        return null;
    }

    private static (byte[] Name, T Value)[] Names<T>() where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => (Encoding.UTF8.GetBytes(v.ToString()), v))];
}
