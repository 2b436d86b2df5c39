using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LabelStudio.Feedback.Internal;

/// <summary>Deterministic 64-bit hash of UTF-8 bytes (not cryptographic; stable across processes so re-ingests agree).</summary>
internal static class Hash64
{
    private const ulong K1 = 0xBF58476D1CE4E5B9UL;
    private const ulong K2 = 0x94D049BB133111EBUL;

    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ ((ulong)data.Length * 0xC2B2AE3D27D4EB4FUL);
        ref byte r = ref MemoryMarshal.GetReference(data);
        int n = data.Length;
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            ulong v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, i));
            h = BitOperations.RotateLeft(h ^ (v * K1), 27) * K2;
        }
        if (i < n)
        {
            ulong v = 0;
            for (int s = 0; i < n; i++, s += 8)
            {
                v |= (ulong)Unsafe.Add(ref r, i) << s;
            }
            h = BitOperations.RotateLeft(h ^ (v * K1), 27) * K2;
        }
        return Mix(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= K1;
        x ^= x >> 27;
        x *= K2;
        x ^= x >> 31;
        return x;
    }
}
