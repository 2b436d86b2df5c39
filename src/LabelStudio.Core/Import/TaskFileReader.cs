namespace LabelStudio.Core.Import;

/// <summary>
/// Reads Label Studio task files (JSON, JSON Lines, CSV, TSV) as a stream of tasks. Memory use does not grow with
/// the file: only the current task is held. Row-level problems come back as <see cref="ImportRecord.Error"/>;
/// file-level problems (invalid UTF-8, broken JSON, empty file, unusable CSV header) throw
/// <see cref="ImportFormatException"/> while enumerating. The caller owns (and disposes) the stream.
/// </summary>
public static class TaskFileReader
{
    /// <summary>Reads the tasks of <paramref name="stream"/> in the given format, lazily.</summary>
    public static IEnumerable<ImportRecord> Read(Stream stream, ImportFormat format, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format));
        }

        return ReadCore(stream, format, limits ?? ImportLimits.Default);
    }

    /// <summary>
    /// Reads the tasks of <paramref name="stream"/>, choosing the format from <paramref name="fileName"/>'s extension
    /// or, when it is unknown, from the first bytes (see <see cref="ImportFormatDetector"/>).
    /// </summary>
    public static IEnumerable<ImportRecord> Read(Stream stream, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (ImportFormatDetector.FromFileName(fileName) is { } known)
        {
            return Read(stream, known);
        }

        var head = new byte[ImportFormatDetector.HeadLength];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var format = ImportFormatDetector.FromContent(head.AsSpan(0, length));
        return Read(new PrefixedStream(head.AsMemory(0, length), stream), format);
    }

    private static IEnumerable<ImportRecord> ReadCore(Stream stream, ImportFormat format, ImportLimits limits)
    {
        using var validating = new Utf8ValidatingStream(stream);
        switch (format)
        {
            case ImportFormat.Json:
            {
                using var reader = new JsonTaskReader(validating, limits);
                while (reader.TryReadNext(out var record))
                {
                    yield return record;
                }

                break;
            }

            case ImportFormat.JsonLines:
            {
                using var reader = new JsonLinesTaskReader(validating, limits);
                while (reader.TryReadNext(out var record))
                {
                    yield return record;
                }

                break;
            }

            default:
            {
                using var reader = new DelimitedTaskReader(validating, format == ImportFormat.Tsv ? '\t' : ',', limits);
                while (reader.TryReadNext(out var record))
                {
                    yield return record;
                }

                break;
            }
        }
    }

    /// <summary>Replays bytes already read from a stream, then continues with the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return inner.Read(buffer);
            }

            var count = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..count].CopyTo(buffer);
            _prefix = _prefix[count..];
            return count;
        }
    }
}
