using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace LabelStudio.Web.Features.Identity;

/// <summary>
/// Re-checks a connected user every few seconds (through the cached user state), so an open page of a locked or
/// demoted user loses its rights within seconds, as their requests do.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionValidator validator)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(10);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var current = await validator.ValidateAsync(state.User, ct);
        // A changed role also ends the circuit's state: the page reloads with the new rights.
        return current is not null && ReferenceEquals(current, state.User);
    }
}
