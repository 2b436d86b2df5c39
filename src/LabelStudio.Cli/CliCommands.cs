using System.CommandLine;

namespace LabelStudio.Cli;

/// <summary>Every top-level verb of the <c>labelstudio</c> command, one line per feature.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All()
    {
        yield return Database.MigrateCommand.Create();
        yield return Admin.UserCommand.Create();
        yield return Projects.ProjectCommand.Create();
        yield return Import.ImportCommand.Create();
        yield return Consensus.AgreementCommand.Create();
        yield return Feedback.FeedbackCommand.Create();
        yield return Validation.ValidateCommand.Create();
        yield return Datasets.ExportCommand.Create();
        yield return Datasets.DatasetsCommand.Create();
    }
}
