namespace LabelStudio.Benchmarks;

/// <summary>A timed harness run from the command line: <c>dotnet run -c Release --project tests/LabelStudio.Benchmarks -- NAME [args]</c>.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task<int> RunAsync(string[] args);
}
