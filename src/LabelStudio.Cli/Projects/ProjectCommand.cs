using System.CommandLine;
using LabelStudio.Cli.Hosting;
using LabelStudio.Data.Common;
using LabelStudio.Data.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace LabelStudio.Cli.Projects;

internal static class ProjectCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Project name (3 to 200 characters).", Required = true };
        var config = new Option<FileInfo>("--config")
        {
            Description = "Labeling configuration: Label Studio XML file.", Required = true,
        }.AcceptExistingOnly();
        var description = new Option<string?>("--description") { Description = "Short description." };
        var instructions = new Option<FileInfo>("--instructions") { Description = "Rater instructions as a Markdown file." }.AcceptExistingOnly();
        var overlap = new Option<int>("--overlap") { Description = "Ratings per task.", DefaultValueFactory = _ => 3 };
        var lease = new Option<int>("--lease-minutes") { Description = "Task reservation time in minutes.", DefaultValueFactory = _ => 10 };
        var order = new Option<TaskOrder>("--order") { Description = "Sequential or Random.", DefaultValueFactory = _ => TaskOrder.Sequential };
        var noSkip = new Option<bool>("--no-skip") { Description = "Do not allow raters to skip tasks." };

        var create = new Command("create", "Create a project from a labeling configuration.")
        {
            name, config, description, instructions, overlap, lease, order, noSkip,
        };
        create.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            var xml = await File.ReadAllTextAsync(parse.GetValue(config)!.FullName, ct);
            var markdown = parse.GetValue(instructions) is { } file ? await File.ReadAllTextAsync(file.FullName, ct) : "";
            await using var services = await CliHost.StartAsync();
            using var scope = services.CreateScope();
            var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
            var project = await projects.CreateAsync(new ProjectDraft(parse.GetValue(name)!,
                parse.GetValue(description) ?? "", markdown, xml,
                new ProjectSettings(parse.GetValue(overlap), parse.GetValue(lease), parse.GetValue(order), !parse.GetValue(noSkip))),
                Actor.System, ct);
            Console.WriteLine($"Created project {project.Id}: {project.Name}");
            return 0;
        }));

        return new Command("project", "Manage projects.") { create };
    }
}
