namespace LabelStudio.UnitTests.DataValidation;

/// <summary>Tests that measure the process's heap run alone, never beside tests that allocate.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresProcessMemory
{
    public const string Name = "Measures process memory";
}
