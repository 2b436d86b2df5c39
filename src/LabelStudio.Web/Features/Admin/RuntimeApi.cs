using System.Security.Claims;
using LabelStudio.Data.Common;

namespace LabelStudio.Web.Features.Admin;

public static class RuntimeApi
{
    public static void MapRuntimeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/admin/runtime", (ClaimsPrincipal u, WriteLock writeLock) =>
        {
            if (!Actor.FromPrincipal(u).IsAdmin) throw new AccessDeniedException("Only administrators can do this.");
            return TypedResults.Ok(RuntimeStats.Now(writeLock));
        }).WithTags("Users").WithSummary("The server's garbage collections, GC pause time and CPU time since start (administrators)");
    }
}
