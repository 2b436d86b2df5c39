using LabelStudio.Data.Common;
using LabelStudio.Data.Jobs;
using LabelStudio.Web.Features.Security;
using Microsoft.AspNetCore.Http.Features;

namespace LabelStudio.Web.Features.Jobs;

/// <summary>Receives a file for a job: the raw request body, or the multipart field <c>file</c>, spooled to the work folder.</summary>
internal static class JobUploads
{
    // Multipart framing around the file.
    private const long Overhead = 1 << 20;

    public static async Task<(string Path, string FileName)> ReceiveAsync(HttpRequest request, string? fileName, string defaultName,
        long maxBytes, string what, WorkDirectories work, bool acceptForm, CancellationToken ct)
    {
        if (request.ContentLength is { } length && length > maxBytes + Overhead)
        {
            throw new PayloadTooLargeException(
                $"The {what} file is {UploadSpool.Describe(length)}, larger than the {UploadSpool.Describe(maxBytes)} limit. Split it into several files.");
        }
        // Kestrel caps request bodies at about 28.6 MB unless told otherwise; uploads go up to the configured limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes + Overhead;
        }

        if (request.HasFormContentType)
        {
            if (!acceptForm)
            {
                throw new DomainValidationException($"Send the {what} file as the request body, not as a form.");
            }
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request,
                new FormOptions { MultipartBodyLengthLimit = maxBytes, BufferBodyLengthLimit = maxBytes }));
            // A form post can come from another site: one the cookie authenticates needs the antiforgery token.
            await ApiAntiforgery.ValidateFormAsync(request.HttpContext);
            var form = await request.ReadFormAsync(ct);
            var file = form.Files["file"] ?? form.Files.FirstOrDefault()
                       ?? throw new DomainValidationException("The form has no file field.");
            await using var stream = file.OpenReadStream();
            return (await UploadSpool.SaveAsync(stream, work.NewUploadPath(), maxBytes, what, ct), file.FileName);
        }

        if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new DomainValidationException(
                $"Send the {what} file with its own content type (application/json, application/x-ndjson, text/csv, " +
                "text/tab-separated-values or application/octet-stream), not text/plain.");
        }
        var name = string.IsNullOrWhiteSpace(fileName) ? defaultName : fileName;
        return (await UploadSpool.SaveAsync(request.Body, work.NewUploadPath(), maxBytes, what, ct), name);
    }
}
