using System.CommandLine;
using LabelStudio.Cli;

var root = new RootCommand("labelstudio: manage LabelStudio projects, users and data, and run the engines in batch.");
foreach (var command in CliCommands.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
