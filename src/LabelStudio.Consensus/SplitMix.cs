namespace LabelStudio.Consensus;

/// <summary>A tiny seeded generator (xoshiro256** seeded by SplitMix64), identical on every platform.</summary>
internal struct SplitMix
{
    private ulong _s0, _s1, _s2, _s3;

    public SplitMix(ulong seed)
    {
        _s0 = Next(ref seed);
        _s1 = Next(ref seed);
        _s2 = Next(ref seed);
        _s3 = Next(ref seed);
    }

    private static ulong Next(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>A binomial(n, p) draw: inversion for small means, Hörmann's BTRS otherwise.</summary>
    public long Binomial(long n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }
        if (p >= 1)
        {
            return n;
        }
        if (p > 0.5)
        {
            return n - Binomial(n, 1 - p);
        }
        if (n * p < 10)
        {
            var q = 1 - p;
            var s = p / q;
            var a = (n + 1) * s;
            var r = Math.Pow(q, n);
            var u = NextDouble();
            long x = 0;
            while (u > r)
            {
                u -= r;
                x++;
                if (x > n)
                {
                    return n;
                }
                r *= a / x - s;
                if (r <= 0)
                {
                    break;
                }
            }
            return x;
        }
        return Btrs(n, p);
    }

    private long Btrs(long n, double p)
    {
        var q = 1 - p;
        var spq = Math.Sqrt(n * p * q);
        var b = 1.15 + 2.53 * spq;
        var a = -0.0873 + 0.0248 * b + 0.01 * p;
        var c = n * p + 0.5;
        var vr = 0.92 - 4.2 / b;
        var alpha = (2.83 + 5.1 / b) * spq;
        var lpq = Math.Log(p / q);
        var m = Math.Floor((n + 1) * p);
        var h = LogFactorial(m) + LogFactorial(n - m);
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n)
            {
                continue;
            }
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }
            v = Math.Log(v * alpha / (a / (us * us) + b));
            if (v <= h - LogFactorial(k) - LogFactorial(n - k) + (k - m) * lpq)
            {
                return (long)k;
            }
        }
    }

    internal static double LogFactorial(double k)
    {
        if (k < 16)
        {
            var r = 0.0;
            for (var i = 2; i <= (int)k; i++)
            {
                r += Math.Log(i);
            }
            return r;
        }
        // Stirling series; error below 1e-12 for k >= 16.
        var x = k + 1;
        var inv = 1 / x;
        var inv2 = inv * inv;
        return (x - 0.5) * Math.Log(x) - x + 0.91893853320467274178
               + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    }
}
