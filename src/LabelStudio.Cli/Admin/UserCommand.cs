using System.CommandLine;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Admin;

internal static class UserCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The user's email; it is also the sign-in name.", Required = true };
        var role = new Option<string>("--role")
        {
            Description = "Admin, Lead or Rater (any case).", Required = true, HelpName = "Admin|Lead|Rater",
        };
        var password = new Option<string?>("--password") { Description = "Password; a strong one is generated and printed when omitted." };
        var name = new Option<string?>("--name") { Description = "Display name (defaults to the part of the email before @)." };

        var create = new Command("create", "Create a user with a role.") { email, role, password, name };
        create.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserService>();
            var created = await users.CreateAsync(new NewUser(parse.GetValue(email)!, parse.GetValue(name) ?? "",
                parse.GetValue(role)!, parse.GetValue(password)), Actor.System, ct);
            Console.WriteLine($"Created {created.User.Role} {created.User.Email} (id {created.User.Id}).");
            if (created.GeneratedPassword is not null)
            {
                Console.WriteLine($"Password: {created.GeneratedPassword}");
            }
            return 0;
        }));

        return new Command("user", "Manage users.") { create };
    }
}
