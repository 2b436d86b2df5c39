using LabelStudio.Data.Database;
using LabelStudio.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace Microsoft.Extensions.DependencyInjection;

public static class LabelStudioIdentityServiceCollectionExtensions
{
    /// <summary>Identity stores, users and roles; shared by the web app (which adds sign-in) and the CLI.</summary>
    public static IdentityBuilder AddLabelStudioIdentityCore(this IServiceCollection services)
    {
        return services.AddIdentityCore<AppUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
    }
}
