using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LabelStudio.Core.Import;

/// <summary>Turns one parsed task object (Label Studio's task shape, or bare data) into an <see cref="ImportRecord"/>.</summary>
internal static class TaskJsonConverter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static ImportRecord Convert(JsonElement task, int line)
    {
        try
        {
            return ConvertCore(task, line);
        }
        catch (TaskShapeException ex)
        {
            return ImportRecord.FromError(line, ex.Field, ex.Message);
        }
        catch (Exception ex) when (UnreadableText.IsTextError(ex))
        {
            // Valid JSON that still cannot be read as text (a lone surrogate escape): a row error like any other.
            return UnreadableText.Find(task, null) is { } field
                ? ImportRecord.FromError(line, field, $"\"{field}\" {UnreadableText.Reason}")
                : ImportRecord.FromError(line, null, $"The task cannot be read: {ex.Message}");
        }
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? _compactBuffer;
    [ThreadStatic] private static Utf8JsonWriter? _compactWriter;

    /// <summary>Compact JSON text of <paramref name="element"/>.</summary>
    public static string Compact(JsonElement element)
    {
        // One buffer and writer per thread, reset for each value: a file's tasks allocate only their strings.
        var output = _compactBuffer ??= new ArrayBufferWriter<byte>(1024);
        output.ResetWrittenCount();
        if (_compactWriter is { } writer) writer.Reset(output);
        else writer = _compactWriter = new Utf8JsonWriter(output, WriterOptions);
        element.WriteTo(writer);
        writer.Flush();
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        if (output.Capacity > 1 << 20) _compactBuffer = null;
        return text;
    }

    /// <summary>Compact JSON text of an object with string values (a CSV row).</summary>
    public static string CompactObject(IReadOnlyList<string> keys, IReadOnlyList<string> values)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            for (var i = 0; i < keys.Count; i++)
            {
                writer.WriteString(keys[i], values[i]);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static ImportRecord ConvertCore(JsonElement task, int line)
    {
        if (!task.TryGetProperty("data", out var data))
        {
            return ImportRecord.FromTask(new ImportedTask(line, Compact(task), DataKeys(task, null), [], [], null)
            {
                ContentHash = DataValidation.TaskContentHash.Of(task),
            });
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new TaskShapeException("data", $"\"data\" must be a JSON object, not {Describe(data)}.");
        }

        var keys = DataKeys(data, "data.");
        var annotations = ReadAnnotations(task);
        var predictions = ReadPredictions(task);
        string? meta = null;
        if (task.TryGetProperty("meta", out var metaElement) && metaElement.ValueKind != JsonValueKind.Null)
        {
            if (metaElement.ValueKind != JsonValueKind.Object)
            {
                throw new TaskShapeException("meta", $"\"meta\" must be a JSON object, not {Describe(metaElement)}.");
            }

            meta = Compact(metaElement);
        }

        // Hashed from the parsed data, so that no task is parsed twice.
        return ImportRecord.FromTask(new ImportedTask(line, Compact(data), keys, annotations, predictions, meta)
        {
            ContentHash = DataValidation.TaskContentHash.Of(data),
        });
    }

    private static List<string> DataKeys(JsonElement data, string? prefix)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in data.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new TaskShapeException(prefix + property.Name, $"The key \"{property.Name}\" appears twice in the task data.");
            }

            keys.Add(property.Name);
        }

        if (keys.Count == 0)
        {
            throw new TaskShapeException(prefix is null ? null : "data", "The task has no data fields.");
        }

        return keys;
    }

    private static List<ImportedAnnotation> ReadAnnotations(JsonElement task)
    {
        var list = new List<ImportedAnnotation>();
        var name = task.TryGetProperty("annotations", out _) ? "annotations" : "completions";
        foreach (var (item, path) in Items(task, name))
        {
            var result = ResultJson(item);
            var leadTime = OptionalNumber(item, "lead_time", path);
            var cancelled = false;
            if (item.TryGetProperty("was_cancelled", out var wasCancelled) && wasCancelled.ValueKind != JsonValueKind.Null)
            {
                cancelled = wasCancelled.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new TaskShapeException(path + ".was_cancelled", "\"was_cancelled\" must be true or false."),
                };
            }

            var groundTruth = false;
            if (item.TryGetProperty("ground_truth", out var truth) && truth.ValueKind != JsonValueKind.Null)
            {
                groundTruth = truth.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new TaskShapeException(path + ".ground_truth", "\"ground_truth\" must be true or false."),
                };
            }

            var (completedBy, authorName) = item.TryGetProperty("completed_by", out var by) ? Author(by, path) : (null, null);

            DateTime? createdAt = null;
            if (item.TryGetProperty("created_at", out var created) && created.ValueKind != JsonValueKind.Null)
            {
                if (created.ValueKind != JsonValueKind.String
                    || !DateTime.TryParse(created.GetString(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    throw new TaskShapeException(path + ".created_at", "\"created_at\" must be an ISO 8601 date and time.");
                }

                createdAt = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            }

            list.Add(new ImportedAnnotation(result, leadTime, cancelled, completedBy, createdAt, groundTruth, authorName));
        }

        return list;
    }

    /// <summary>
    /// Label Studio's <c>completed_by</c>: a user id (a number), an e-mail, or a user object. The key is the id when there
    /// is one (so an export with only ids and one with user objects name the same author), else the e-mail; the name is
    /// the e-mail or the person's name when the file gives one.
    /// </summary>
    private static (string? Key, string? Name) Author(JsonElement by, string path)
    {
        switch (by.ValueKind)
        {
            case JsonValueKind.Null:
                return (null, null);
            case JsonValueKind.String:
                return (by.GetString(), null);
            case JsonValueKind.Number:
                return (by.GetRawText(), null);
            case JsonValueKind.Object:
                var email = by.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                var name = string.Join(' ', new[] { "first_name", "last_name" }
                    .Select(n => by.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "")
                    .Where(v => v.Length > 0));
                string? id = by.TryGetProperty("id", out var i) ? i.ValueKind switch
                {
                    JsonValueKind.Number => i.GetRawText(),
                    JsonValueKind.String => i.GetString(),
                    _ => null,
                } : null;
                var key = string.IsNullOrEmpty(id) ? email : id;
                if (string.IsNullOrEmpty(key)) break;
                return (key, string.IsNullOrEmpty(email) ? (name.Length > 0 ? name : null) : email);
        }
        throw new TaskShapeException(path + ".completed_by", "\"completed_by\" must be a user id, an e-mail or a user object.");
    }

    private static List<ImportedPrediction> ReadPredictions(JsonElement task)
    {
        var list = new List<ImportedPrediction>();
        foreach (var (item, path) in Items(task, "predictions"))
        {
            var result = ResultJson(item);
            var score = OptionalNumber(item, "score", path);
            string? modelVersion = null;
            if (item.TryGetProperty("model_version", out var version))
            {
                modelVersion = version.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => version.GetString(),
                    JsonValueKind.Number => version.GetRawText(),
                    _ => throw new TaskShapeException(path + ".model_version", "\"model_version\" must be a string."),
                };
            }

            list.Add(new ImportedPrediction(result, score, modelVersion));
        }

        return list;
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement task, string name)
    {
        if (!task.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new TaskShapeException(name, $"\"{name}\" must be a JSON array, not {Describe(array)}.");
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"{name}[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new TaskShapeException(path, $"Each item of \"{name}\" must be a JSON object, not {Describe(item)}.");
            }

            yield return (item, path);
            index++;
        }
    }

    private static string ResultJson(JsonElement item) =>
        item.TryGetProperty("result", out var result) ? Compact(result) : "[]";

    private static double? OptionalNumber(JsonElement item, string name, string path)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var d) => d,
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new TaskShapeException($"{path}.{name}", $"\"{name}\" must be a number."),
        };

        // "NaN", "Infinity" and 1e999 parse, but no time or score is infinite; storing one would poison every average.
        return double.IsFinite(number)
            ? number
            : throw new TaskShapeException($"{path}.{name}", $"\"{name}\" must be a finite number, not {value.GetRawText()}.");
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The message of <paramref name="ex"/> without the " LineNumber: … | BytePositionInLine: …" it ends with.</summary>
    internal static string MessageWithoutPosition(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private sealed class TaskShapeException(string? field, string message) : Exception(message)
    {
        public string? Field { get; } = field;
    }
}
