using LabelStudio.Core.DataValidation;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class NoiseBandTests
{
    [Fact]
    public void LInfinity_HalfAndHalfOf200Each_IsAboutPointZeroNineEight()
    {
        // p̂ = 0.5, nₐ = n_b = 200: 1.96·√(0.25·(1/200 + 1/200)) = 1.96·0.05 = 0.098.
        Assert.Equal(0.098, NoiseBand.LInfinity(100, 200, 100, 200), 6);
    }

    [Fact]
    public void LInfinity_PooledProportion_UsesBothSides()
    {
        // a: 6 of 10, b: 2 of 10 → p̂ = 0.4; 1.96·√(0.4·0.6·0.2) = 1.96·0.2190890 = 0.4294145.
        Assert.Equal(0.4294145, NoiseBand.LInfinity(6, 10, 2, 10), 6);
    }

    [Fact]
    public void ChiSquare95_NineDegrees_MatchesTable()
    {
        // Table value 16.919; Wilson–Hilferty is within 0.05.
        Assert.InRange(NoiseBand.ChiSquare95(9), 16.87, 16.97);
        Assert.InRange(NoiseBand.ChiSquare95(1), 3.7, 3.9);
    }

    [Fact]
    public void JensenShannon_TenBucketsOf200Each_IsAboutPointZeroThree()
    {
        // χ²₀.₉₅(9) ≈ 16.92; 16.92 · 400 / (8 · 40,000) / ln 2 ≈ 0.0305.
        Assert.InRange(NoiseBand.JensenShannon(10, 200, 200), 0.0300, 0.0310);
        Assert.True(NoiseBand.JensenShannon(10, 20_000, 20_000) < 0.001);
    }

    [Fact]
    public void PresenceLowerBound_DeequFormula_HandComputed()
    {
        // p = 0.9, n = 100: 0.9 − 1.96·√(0.09/100) = 0.9 − 1.96·0.03 = 0.8412.
        Assert.Equal(0.8412, NoiseBand.PresenceLowerBound(0.9, 100), 10);
        Assert.Equal(1.0, NoiseBand.PresenceLowerBound(1.0, 100), 10);
    }
}
