using System.Buffers;

namespace LabelStudio.Core.Import;

/// <summary>
/// The unread bytes <c>[Start, End)</c> of a stream, held in a pooled buffer that doubles when they fill it.
/// The reader advances <see cref="Start"/> past the bytes it has consumed.
/// </summary>
internal sealed class PooledStreamBuffer(Stream stream, int maxUnreadBytes) : IDisposable
{
    private const int InitialSize = 64 * 1024;

    public byte[] Bytes { get; private set; } = ArrayPool<byte>.Shared.Rent(InitialSize);

    public int Start { get; set; }

    public int End { get; private set; }

    public bool Eof { get; private set; }

    public ReadOnlySpan<byte> Unread => Bytes.AsSpan(Start, End - Start);

    /// <summary>
    /// Reads more bytes after <see cref="End"/>, first moving the unread bytes to the front of the buffer (or into a
    /// larger one when they fill it). Returns how far the unread bytes moved towards the front, so that the caller
    /// can shift the positions it keeps in <see cref="Bytes"/>.
    /// </summary>
    public int Refill()
    {
        var shift = 0;
        var remaining = End - Start;
        // Refill is only asked for when the unread bytes do not yet hold a whole record.
        if (remaining >= maxUnreadBytes)
        {
            throw new RecordTooLargeException();
        }

        if (Start == 0 && End == Bytes.Length)
        {

            var larger = ArrayPool<byte>.Shared.Rent(Bytes.Length * 2);
            Bytes.AsSpan(0, End).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = larger;
        }
        else if (Start > 0)
        {
            Bytes.AsSpan(Start, remaining).CopyTo(Bytes);
            shift = Start;
            Start = 0;
            End = remaining;
        }

        var read = stream.Read(Bytes, End, Bytes.Length - End);
        if (read == 0)
        {
            Eof = true;
        }

        End += read;
        return shift;
    }

    /// <summary>The unread bytes reached the largest record allowed without the record ending.</summary>
    internal sealed class RecordTooLargeException : Exception;

    public void Dispose()
    {
        if (Bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = [];
        }
    }
}
