namespace LabelStudio.Cli.Hosting;

/// <summary>
/// Configuration overrides on the command line, as the web app takes them: <c>--Database:DataDirectory /x</c>,
/// <c>--Import:MaxUploadBytes=1000</c> or <c>Demo:Seed=false</c>. They are taken out before the verbs are parsed
/// (a key always has a colon; no verb option does).
/// </summary>
internal static class ConfigurationArguments
{
    public static IReadOnlyDictionary<string, string?> Overrides { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Takes the overrides out of <paramref name="args"/>; returns the rest, in order.</summary>
    public static string[] Extract(string[] args)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var key = equals >= 0 ? body[..equals] : body;
            var isKey = key.Contains(':', StringComparison.Ordinal) && !key.Contains('/', StringComparison.Ordinal)
                        && !key.Contains('\\', StringComparison.Ordinal) && (arg.StartsWith("--", StringComparison.Ordinal) || equals > 0);
            if (!isKey)
            {
                rest.Add(arg);
                continue;
            }
            if (equals >= 0)
            {
                overrides[key] = body[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                overrides[key] = args[++i];
            }
            else
            {
                throw new ArgumentException($"The setting --{key} needs a value, e.g. --{key} VALUE.");
            }
        }
        Overrides = overrides;
        return [.. rest];
    }
}
