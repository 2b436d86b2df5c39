namespace LabelStudio.Data.Feedback;

/// <summary>Counts bytes read and reports them (about every 4 MB); honours cancellation between reads.</summary>
internal sealed class ProgressReadStream(Stream inner, Action<long> report, CancellationToken ct) : Stream
{
    private const long Every = 4L << 20;
    private long _read;
    private long _next = Every;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ct.ThrowIfCancellationRequested();
        var n = inner.Read(buffer);
        _read += n;
        if (_read >= _next || n == 0)
        {
            _next = _read + Every;
            report(_read);
        }
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
