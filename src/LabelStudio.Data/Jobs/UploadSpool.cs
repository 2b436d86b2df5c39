using System.Globalization;
using LabelStudio.Data.Common;

namespace LabelStudio.Data.Jobs;

/// <summary>Copies an upload to a file of the work folder, so a job can read it at its own pace.</summary>
public static class UploadSpool
{
    /// <summary>
    /// Writes <paramref name="upload"/> to <paramref name="path"/>; more than <paramref name="maxBytes"/> is a
    /// <see cref="PayloadTooLargeException"/> and leaves no file behind.
    /// </summary>
    public static async Task<string> SaveAsync(Stream upload, string path, long maxBytes, string what, CancellationToken ct)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16,
                FileOptions.Asynchronous);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = await upload.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > maxBytes)
                {
                    throw new PayloadTooLargeException(
                        $"The {what} file is larger than the {Describe(maxBytes)} limit. Split it into several files.");
                }
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A byte count for people: 1 GB, 250 MB, 4,096 bytes.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };
}
