using LabelStudio.Core.DataValidation;

namespace LabelStudio.UnitTests.DataValidation;

public sealed class SketchTests
{
    [Fact]
    public void QuantileSketch_UniformValues_QuantilesWithinOnePercent()
    {
        var sketch = new QuantileSketch();
        for (var i = 1; i <= 100_000; i++) sketch.Add(i);
        foreach (var q in new[] { 0.1, 0.25, 0.5, 0.9, 0.99 })
        {
            var exact = Math.Floor(q * 99_999) + 1;
            Assert.InRange(sketch.Quantile(q), exact * 0.99, exact * 1.01);
        }
    }

    [Fact]
    public void QuantileSketch_NegativeZeroAndPositive_OrdersBySign()
    {
        var sketch = new QuantileSketch();
        foreach (var v in new double[] { -50, -5, 0, 0, 5, 50, 500 }) sketch.Add(v);
        Assert.InRange(sketch.Quantile(0), -50.5, -49.5);
        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.InRange(sketch.Quantile(1), 495, 505);
    }

    [Fact]
    public void QuantileSketch_MergedHalves_EqualWhole()
    {
        var whole = new QuantileSketch();
        var a = new QuantileSketch();
        var b = new QuantileSketch();
        for (var i = 0; i < 10_000; i++)
        {
            var v = Math.Sin(i) * 1000;
            whole.Add(v);
            (i % 2 == 0 ? a : b).Add(v);
        }
        a.Merge(b);
        Assert.Equal(StatisticsJson.Serialize(whole), StatisticsJson.Serialize(a));
    }

    [Fact]
    public void QuantileSketch_Histogram_CountsSumToTotal()
    {
        var sketch = new QuantileSketch();
        for (var i = 0; i < 1000; i++) sketch.Add(i % 100);
        var histogram = sketch.Histogram(0, 99, 10);
        Assert.Equal(10, histogram.Count);
        Assert.Equal(1000, histogram.Sum(h => h.Count), 6);
        Assert.Equal(0, histogram[0].Low);
        Assert.Equal(99, histogram[^1].High);
        Assert.All(histogram, h => Assert.InRange(h.Count, 70, 130));
    }

    [Fact]
    public void QuantileSketch_OneValue_IsOnePointBucket()
    {
        var sketch = new QuantileSketch();
        sketch.Add(7);
        sketch.Add(7);
        Assert.Equal([new HistogramBucket(7, 7, 2)], sketch.Histogram(7, 7, 10));
    }

    [Fact]
    public void DistinctCountSketch_BelowCapacity_IsExact()
    {
        var sketch = new DistinctCountSketch();
        for (var i = 0; i < 3000; i++) sketch.Add(StableHash.Of($"v{i % 1500}"));
        Assert.Equal(1500, sketch.Estimate());
        Assert.False(sketch.Saturated);
    }

    [Fact]
    public void DistinctCountSketch_AboveCapacity_EstimatesWithinFivePercent()
    {
        var sketch = new DistinctCountSketch();
        for (var i = 0; i < 200_000; i++) sketch.Add(StableHash.Of($"value-{i}"));
        Assert.True(sketch.Saturated);
        Assert.InRange(sketch.Estimate(), 190_000, 210_000);
        Assert.Equal(DistinctCountSketch.Capacity, sketch.Hashes.Count);
    }

    [Fact]
    public void DistinctCountSketch_MergedHalves_EqualWhole()
    {
        var whole = new DistinctCountSketch();
        var a = new DistinctCountSketch();
        var b = new DistinctCountSketch();
        for (var i = 0; i < 20_000; i++)
        {
            var h = StableHash.Of($"x{i}");
            whole.Add(h);
            (i < 10_000 ? a : b).Add(h);
        }
        a.Merge(b);
        Assert.Equal(whole.Hashes, a.Hashes);
        Assert.Equal(whole.Estimate(), a.Estimate());
    }

    [Fact]
    public void TopValuesSketch_FewValues_CountsExactly()
    {
        var sketch = new TopValuesSketch();
        foreach (var v in "aaabbc") sketch.Add(v.ToString());
        Assert.Equal([new ValueCount("a", 3), new ValueCount("b", 2), new ValueCount("c", 1)], sketch.Top(20));
        Assert.False(sketch.Approximate);
    }

    [Fact]
    public void TopValuesSketch_Overflow_KeepsHeavyHittersWithinMisraGriesBound()
    {
        // n = 50,000: "hot" 10,000 times, 40,000 distinct others. Misra–Gries undercounts by at most n/(k+1) ≈ 48.8.
        var sketch = new TopValuesSketch();
        for (var i = 0; i < 40_000; i++)
        {
            sketch.Add($"cold{i}");
            if (i % 4 == 0) sketch.Add("hot");
        }
        Assert.True(sketch.Approximate);
        var top = sketch.Top(1).Single();
        Assert.Equal("hot", top.Value);
        Assert.InRange(top.Count, 10_000 - 50_000 / 1025, 10_000);
        Assert.True(sketch.Size <= TopValuesSketch.Capacity);
    }

    [Fact]
    public void TopValuesSketch_LongValue_IsCut()
    {
        var sketch = new TopValuesSketch();
        sketch.Add(new string('x', 500));
        Assert.Equal(TopValuesSketch.MaxValueLength + 1, sketch.Top(1).Single().Value.Length);
    }
}
