using System.Collections.Concurrent;
using LabelStudio.Core.LabelingConfig;
using LabelStudio.Data.Common;

namespace LabelStudio.Data.Projects;

/// <summary>Parsed configurations by (project, version): parsing XML on every submit would sit on the hot path.</summary>
public sealed class LabelingConfigCache
{
    private readonly ConcurrentDictionary<(long ProjectId, int Version), LabelingConfiguration> _cache = new();

    public LabelingConfiguration Get(long projectId, int version, string xml) =>
        _cache.GetOrAdd((projectId, version), _ => ParseOrThrow(xml));

    public static LabelingConfiguration ParseOrThrow(string xml)
    {
        var result = LabelingConfigParser.Parse(xml);
        if (!result.Succeeded)
        {
            throw new DomainValidationException(result.Errors.Select(e => e.ToString()).ToList());
        }
        return result.Configuration!;
    }
}
