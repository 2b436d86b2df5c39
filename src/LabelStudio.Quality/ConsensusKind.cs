using System.Text.Json.Serialization;

namespace LabelStudio.Quality;

/// <summary>How a control's answers enter the consensus engine.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsensusKind>))]
public enum ConsensusKind
{
    /// <summary>Single choice: a category index in the declared Choice order.</summary>
    Category,
    /// <summary>Multiple choice: a bit mask over the declared choices (at most 64).</summary>
    MultiChoice,
    /// <summary>Rating: a number 1..max.</summary>
    Numeric,
    /// <summary>Labels on a text: character spans with a label index.</summary>
    Spans,
    /// <summary>TextArea: a string.</summary>
    Text,
}
