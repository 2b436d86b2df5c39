using System.Globalization;
using LabelStudio.Core.LabelingConfig;

namespace LabelStudio.Web.Features.Labeling.Components;

/// <summary>What a bound key does: toggle a choice, apply a label, or set a rating.</summary>
public sealed record HotkeyTarget(ControlTag Control, string? Value, int? Rating);

/// <summary>The keys a configuration binds.</summary>
public static class HotkeyMap
{
    /// <summary>
    /// Each choice's and label's effective hotkey; then, for a lone Rating, the digits 1..maxRating that no choice or
    /// label already uses. Keys compare case-insensitively.
    /// </summary>
    public static Dictionary<string, HotkeyTarget> Build(LabelingConfiguration? configuration)
    {
        var keys = new Dictionary<string, HotkeyTarget>(StringComparer.OrdinalIgnoreCase);
        if (configuration is null)
        {
            return keys;
        }

        foreach (var control in configuration.Controls)
        {
            var options = control switch
            {
                ChoicesControl choices => choices.Options.Select(o => (o.Value, o.EffectiveHotkey)),
                LabelsControl labels => labels.Labels.Select(l => (l.Value, l.EffectiveHotkey)),
                _ => [],
            };
            foreach (var (value, key) in options)
            {
                if (!string.IsNullOrEmpty(key))
                {
                    keys.TryAdd(key, new HotkeyTarget(control, value, null));
                }
            }
        }

        if (configuration.Controls.OfType<RatingControl>().ToList() is [var rating])
        {
            for (var stars = 1; stars <= Math.Min(rating.MaxRating, 9); stars++)
            {
                keys.TryAdd(stars.ToString(CultureInfo.InvariantCulture), new HotkeyTarget(rating, null, stars));
            }
        }

        return keys;
    }
}
