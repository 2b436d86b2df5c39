using LabelStudio.Core.Projects;

namespace LabelStudio.UnitTests.Projects;

public sealed class LineDiffTests
{
    [Fact]
    public void Compute_OneLineChanged_IsRemovedThenAddedBetweenUnchangedLines()
    {
        var diff = LineDiff.Compute("# Guide\nMark people.\nSubmit.", "# Guide\nMark people and places.\nSubmit.");

        Assert.Equal(
        [
            new DiffLine(LineChange.Same, "# Guide"), new DiffLine(LineChange.Removed, "Mark people."),
            new DiffLine(LineChange.Added, "Mark people and places."), new DiffLine(LineChange.Same, "Submit."),
        ], diff);
    }

    [Fact]
    public void Compute_FromNothing_EveryLineIsAdded_AndWindowsLineEndingsAreLines()
    {
        var diff = LineDiff.Compute("", "a\r\nb\r\n");

        Assert.Equal([new DiffLine(LineChange.Added, "a"), new DiffLine(LineChange.Added, "b")], diff);
    }

    [Fact]
    public void Compute_SameText_HasNoChange()
    {
        Assert.All(LineDiff.Compute("x\ny", "x\ny"), l => Assert.Equal(LineChange.Same, l.Change));
    }
}
