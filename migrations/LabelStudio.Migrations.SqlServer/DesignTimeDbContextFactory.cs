using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore.Design;

namespace LabelStudio.Migrations.SqlServer;

/// <summary>Used by <c>dotnet ef</c> only: the app's model on the SqlServer provider, with this migrations assembly.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create(DatabaseProvider.SqlServer, "Server=localhost;Database=LabelStudio;Trusted_Connection=True;TrustServerCertificate=True");
}
