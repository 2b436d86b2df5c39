using LabelStudio.Data.Jobs;

namespace LabelStudio.Cli.Hosting;

/// <summary>Progress on stderr, so stdout stays clean for scripts.</summary>
internal sealed class ConsoleProgress(bool quiet)
{
    private DateTime _last;

    public void Report(JobProgress value)
    {
        if (quiet || DateTime.UtcNow - _last < TimeSpan.FromMilliseconds(500)) return;
        _last = DateTime.UtcNow;
        var percent = value.Fraction is { } f ? $"{f:P0}" : "";
        Console.Error.Write($"\r  {value.Stage} {percent}   ");
    }

    public void Done()
    {
        if (!quiet && _last != default) Console.Error.WriteLine();
    }
}
