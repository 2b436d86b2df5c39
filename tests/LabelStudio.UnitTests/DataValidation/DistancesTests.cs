using LabelStudio.Core.DataValidation;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class DistancesTests
{
    [Fact]
    public void LInfinity_HandComputedCounts_ReturnsDistanceAndMovedValue()
    {
        // p = a 6, b 4 (n 10) → (0.6, 0.4, 0); q = a 2, b 5, c 3 (n 10) → (0.2, 0.5, 0.3).
        // |Δ| = a 0.4, b 0.1, c 0.3 → L∞ = 0.4 at "a".
        var (distance, value) = Distances.LInfinity(Counts(("a", 6), ("b", 4)), Counts(("a", 2), ("b", 5), ("c", 3)));
        Assert.Equal(0.4, distance, 12);
        Assert.Equal("a", value);
    }

    [Fact]
    public void LInfinity_EachSideNormalisedByItsOwnTotal_IgnoresScale()
    {
        // 60/40 against 6/4: the same shares, so 0 whatever the sizes.
        var (distance, _) = Distances.LInfinity(Counts(("x", 60), ("y", 40)), Counts(("x", 6), ("y", 4)));
        Assert.Equal(0, distance, 12);
    }

    [Fact]
    public void LInfinity_Tie_ReturnsOrdinallyFirstValue()
    {
        // (0.5, 0.5) against (0.25, 0.75): |Δ| = 0.25 for both; "a" comes first.
        var (distance, value) = Distances.LInfinity(Counts(("b", 1), ("a", 1)), Counts(("a", 1), ("b", 3)));
        Assert.Equal(0.25, distance, 12);
        Assert.Equal("a", value);
    }

    [Fact]
    public void JensenShannon_HandComputed_MatchesLog2Formula()
    {
        // P = (0.5, 0.5), Q = (1, 0), M = (0.75, 0.25).
        // ½[0.5·log₂(0.5/0.75) + 0.5·log₂(0.5/0.25)] + ½[1·log₂(1/0.75)]
        // = ½[0.5·(−0.5849625) + 0.5·1] + ½·0.4150375 = 0.1037594 + 0.2075187 = 0.3112781.
        Assert.Equal(0.311278124459, Distances.JensenShannon([5, 5], [8, 0]), 9);
    }

    [Fact]
    public void JensenShannon_DisjointSupports_IsCappedAtOne()
    {
        Assert.Equal(1.0, Distances.JensenShannon([3, 0], [0, 7]), 12);
        Assert.Equal(0.0, Distances.JensenShannon([1, 2, 3], [2, 4, 6]), 12);
    }

    [Fact]
    public void Rebucket_OverlappingRanges_SplitsMassUniformly()
    {
        // A: [0, 10] with 10; B: [5, 15] with 10. Union boundaries 0, 5, 10, 15.
        // A → (5, 5, 0), B → (0, 5, 5); P = (.5, .5, 0), Q = (0, .5, .5), M = (.25, .5, .25).
        // JSD = ½[.5·log₂(2) + .5·log₂(1)] + ½[.5·log₂(1) + .5·log₂(2)] = 0.25 + 0.25 = 0.5.
        var (p, q, buckets) = Distances.Rebucket([new(0, 10, 10)], [new(5, 15, 10)]);
        Assert.Equal([5.0, 5.0, 0.0], p);
        Assert.Equal([0.0, 5.0, 5.0], q);
        Assert.Equal([0.0, 5.0, 10.0], buckets.Select(b => b.Low));
        Assert.Equal(0.5, Distances.JensenShannon(p, q), 12);
    }

    [Fact]
    public void Rebucket_PointBucket_KeepsItsOwnAlignedBucket()
    {
        // A is all at 3 (a point bucket); B spreads 4 over [0, 4]. The union boundaries 0, 3, 4 give [0, 3], [3, 4]
        // and the point 3: B → (3, 1, 0), A → (0, 0, 6). A range puts no mass on a point, so the supports are
        // disjoint and JSD = 1.
        var (p, q, buckets) = Distances.Rebucket([new(3, 3, 6)], [new(0, 4, 4)]);
        Assert.Equal(3, buckets.Length);
        Assert.Equal([0.0, 0.0, 6.0], p);
        Assert.Equal([3.0, 1.0, 0.0], q);
        Assert.Equal(1.0, Distances.JensenShannon(p, q), 12);
    }

    private static Dictionary<string, double> Counts(params (string Value, double Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
}
