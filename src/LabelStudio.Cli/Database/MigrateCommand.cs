using System.CommandLine;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Database;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Database;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create the database or upgrade it to the current schema.");
        command.SetAction((_, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync(migrate: true);
            var options = services.GetRequiredService<DatabaseOptions>();
            Console.WriteLine($"The {options.Provider} database is up to date.");
            return 0;
        }));
        return command;
    }
}
