using System.Collections.Concurrent;
using System.Threading.Channels;
using LabelStudio.Data.Audit;
using LabelStudio.Data.Common;
using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LabelStudio.Data.ApiTokens;

/// <summary>
/// Records token use off the request path: <see cref="ApiToken.LastUsedAt"/> at most once a minute per token, and a
/// <see cref="AuditActions.TokenUsed"/> event at most once an hour per token. A request only touches memory; the
/// writes happen here, so a busy database never slows a token request down.
/// </summary>
public sealed class ApiTokenUsageRecorder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ApiTokenUsageRecorder> logger)
    : BackgroundService
{
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan AuditInterval = TimeSpan.FromHours(1);

    private readonly Channel<Use> _uses = Channel.CreateBounded<Use>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentDictionary<long, DateTime> _lastQueued = new();
    private readonly Dictionary<long, DateTime> _lastAudited = new();

    public void Record(ApiTokenIdentity token, string? ipAddress, string? userAgent)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_lastQueued.TryGetValue(token.TokenId, out var last) && now - last < LastUsedResolution) return;
        _lastQueued[token.TokenId] = now;
        _uses.Writer.TryWrite(new Use(token, now, ipAddress, userAgent));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var use in _uses.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await WriteAsync(use, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not record the use of token {TokenId}.", use.Token.TokenId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(Use use, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        await using var _ = db;
        var tokenId = use.Token.TokenId;
        await db.ApiTokens.Where(t => t.Id == tokenId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, use.At), ct);

        if (!_lastAudited.TryGetValue(tokenId, out var lastAudit))
        {
            // After a restart the log itself says when the token was last recorded.
            var id = tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            lastAudit = await db.AuditEvents.Where(e => e.Action == AuditActions.TokenUsed && e.TargetType == "Token" && e.TargetId == id)
                .MaxAsync(e => (DateTime?)e.OccurredAt, ct) ?? DateTime.MinValue;
        }
        if (use.At - lastAudit < AuditInterval) return;
        _lastAudited[tokenId] = use.At;
        var origin = scope.ServiceProvider.GetRequiredService<AuditOrigin>();
        origin.IpAddress = use.IpAddress;
        origin.UserAgent = use.UserAgent;
        await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(AuditActions.TokenUsed,
            new Actor(use.Token.UserId, false, false, ViaApiToken: true), AuditTarget.Token(tokenId), ct: ct);
    }

    private sealed record Use(ApiTokenIdentity Token, DateTime At, string? IpAddress, string? UserAgent);
}
