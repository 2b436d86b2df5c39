using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelStudio.Data.Review;

/// <summary>Writes and reads an enum as snake_case text (<c>more_ratings</c>), the REST API's spelling of decisions.</summary>
public sealed class SnakeCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower) where T : struct, Enum;
