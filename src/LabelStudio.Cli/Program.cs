using System.CommandLine;
using LabelStudio.Cli;
using LabelStudio.Cli.Hosting;

var root = new RootCommand("labelstudio: manage LabelStudio projects, users and data, and run the engines in batch. " +
                           "Settings can be overridden as in the web app: --Database:DataDirectory DIR, or Database__DataDirectory=DIR in the environment.");
foreach (var command in CliCommands.All())
{
    root.Subcommands.Add(command);
}
string[] rest;
try
{
    rest = ConfigurationArguments.Extract(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
return await root.Parse(rest).InvokeAsync();
