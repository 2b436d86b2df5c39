using LabelStudio.Data.Common;

namespace LabelStudio.Cli.Hosting;

internal static class CliErrors
{
    /// <summary>Runs a verb; a user-fixable failure prints its message to stderr and exits 1 instead of a stack trace.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (DomainValidationException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"error: {error}");
            return 1;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine($"error: configuration: {failure}");
            return 1;
        }
        catch (Exception e) when (e is NotFoundException or AccessDeniedException or ConflictException
                                      or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
