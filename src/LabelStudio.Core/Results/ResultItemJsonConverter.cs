using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LabelStudio.Core.Results;

/// <summary>
/// Gives <see cref="JsonSerializer"/> the region shape <see cref="ResultJson"/> reads and writes, extra keys beside the
/// known ones. The serializer's own extension-data support writes a <see cref="JsonObject"/> as a nameless nested object,
/// which is not valid JSON (dotnet/runtime#97225), so every API response and export that serialises a region goes here.
/// </summary>
public sealed class ResultItemJsonConverter : JsonConverter<ResultItem>
{
    public override ResultItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject obj)
        {
            throw new JsonException("A result region must be a JSON object.");
        }

        try
        {
            return ResultJson.ReadItem(obj, "result region");
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, ResultItem value, JsonSerializerOptions options) =>
        ResultJson.WriteItem(writer, value, options);
}
