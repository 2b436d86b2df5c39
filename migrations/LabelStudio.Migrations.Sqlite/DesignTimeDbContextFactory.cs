using LabelStudio.Data.Database;
using Microsoft.EntityFrameworkCore.Design;

namespace LabelStudio.Migrations.Sqlite;

/// <summary>Used by <c>dotnet ef</c> only: the app's model on the Sqlite provider, with this migrations assembly.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}
