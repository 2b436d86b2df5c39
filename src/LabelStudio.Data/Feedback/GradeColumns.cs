using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LabelStudio.Data.Feedback;

/// <summary>The graded columns of one exported label: <c>grade, p_grade0 … p_grade4, expected_grade</c> (empty / null when absent).</summary>
internal readonly record struct GradeColumns(int? Grade, double?[] Probabilities, double? Expected)
{
    public void AppendTsv(StringBuilder line)
    {
        line.Append('\t').Append(Grade?.ToString(CultureInfo.InvariantCulture) ?? "");
        foreach (var p in Probabilities) line.Append('\t').Append(p?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
        line.Append('\t').Append(Expected?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        if (Grade is { } g) json.WriteNumber("grade", g); else json.WriteNull("grade");
        for (var k = 0; k < Probabilities.Length; k++)
        {
            var name = "p_grade" + k.ToString(CultureInfo.InvariantCulture);
            if (Probabilities[k] is { } p) json.WriteNumber(name, Math.Round(p, 6)); else json.WriteNull(name);
        }
        if (Expected is { } e) json.WriteNumber("expected_grade", Math.Round(e, 6)); else json.WriteNull("expected_grade");
    }
}
