using System.Text.Json.Nodes;

namespace LabelStudio.Core.LabelingConfig;

/// <summary>Builds plausible task data for previewing a labeling configuration, without any network access.</summary>
public static class SampleTask
{
    /// <summary>Sample sentence used for text fields.</summary>
    public const string SampleText = "Ada Lovelace met Charles Babbage in London in 1833, and the meeting changed computing forever.";

    /// <summary>A tiny inline SVG placeholder image (a <c>data:</c> URL, so no request leaves the browser).</summary>
    public const string PlaceholderImageUrl =
        "data:image/svg+xml;charset=utf-8,"
        + "%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20width%3D%22320%22%20height%3D%22200%22%20viewBox%3D%220%200%20320%20200%22%3E"
        + "%3Crect%20width%3D%22320%22%20height%3D%22200%22%20fill%3D%22%23e0e0e0%22%2F%3E"
        + "%3Ccircle%20cx%3D%2290%22%20cy%3D%2270%22%20r%3D%2228%22%20fill%3D%22%23bdbdbd%22%2F%3E"
        + "%3Cpath%20d%3D%22M0%20200%20L110%2090%20L190%20170%20L240%20120%20L320%20200%20Z%22%20fill%3D%22%239e9e9e%22%2F%3E"
        + "%3Ctext%20x%3D%22160%22%20y%3D%22110%22%20font-family%3D%22sans-serif%22%20font-size%3D%2218%22%20text-anchor%3D%22middle%22%20fill%3D%22%23616161%22%3ESample%20image%3C%2Ftext%3E"
        + "%3C%2Fsvg%3E";

    /// <summary>Sample task data with a value for every field the configuration reads (objects and headers).</summary>
    public static JsonObject For(LabelingConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var data = new JsonObject();
        foreach (var obj in configuration.Objects)
        {
            Set(data, obj.DataField, obj is ImageObject ? PlaceholderImageUrl : SampleText);
        }

        foreach (var header in Headers(configuration.Root))
        {
            if (header.Value.Length > 1 && header.Value[0] == '$')
            {
                Set(data, header.Value[1..], "Sample title");
            }
        }

        return data;
    }

    /// <summary>The headers of the tree in document order, walked with an explicit stack (no recursion).</summary>
    private static IEnumerable<HeaderNode> Headers(ViewNode root)
    {
        var pending = new Stack<ConfigNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case HeaderNode header:
                    yield return header;
                    break;
                case ViewNode view:
                    for (var i = view.Children.Count - 1; i >= 0; i--)
                    {
                        pending.Push(view.Children[i]);
                    }

                    break;
            }
        }
    }

    private static void Set(JsonObject data, string field, string value)
    {
        if (DataFieldPath.TryResolve(data, field, out _))
        {
            return;
        }

        if (field.Contains('[', StringComparison.Ordinal) || !field.Contains('.', StringComparison.Ordinal))
        {
            data[field] = value;
            return;
        }

        var parts = field.Split('.');
        var current = data;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (current[parts[i]] is not JsonObject next)
            {
                if (current.ContainsKey(parts[i]))
                {
                    data[field] = value;
                    return;
                }

                next = new JsonObject();
                current[parts[i]] = next;
            }

            current = next;
        }

        current[parts[^1]] = value;
    }
}
