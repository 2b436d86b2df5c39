using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace LabelStudio.Web;

/// <summary>
/// A request the app cannot even read (a body too large, not JSON, the wrong content type, no body at all, a form
/// without its token) gets a response that says which, in every environment: the framework would otherwise answer
/// with a bare status. The messages are written here, never copied from the request, so no header is echoed back.
/// </summary>
internal sealed partial class ApiBadRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var api = context.Request.Path.StartsWithSegments("/api");
        if (!api && HttpMethods.IsGet(context.Request.Method))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteAsync(context, e.StatusCode, Describe(context, e.StatusCode, e, api), api);
            return;
        }

        var response = context.Response;
        // Nothing written yet (a body write would have started the response): the refusal came without a word.
        if (response.StatusCode is >= 400 and < 500 and not StatusCodes.Status401Unauthorized && !response.HasStarted)
        {
            // Routing answers 405 or 415 (and antiforgery 400) without a body when the content type is not the one
            // an endpoint reads; say so.
            var status = response.StatusCode;
            if (api && status is 400 or 405 or 415 && HasBody(context.Request) && !IsJson(context.Request.ContentType))
            {
                status = StatusCodes.Status415UnsupportedMediaType;
            }
            // An empty refusal may have declared a zero length; start the response afresh.
            response.Clear();
            await WriteAsync(context, status, Describe(context, status, null, api), api);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, (string Title, string Detail) message, bool api)
    {
        context.Response.StatusCode = status;
        if (!api)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(message.Detail);
        }
        return Results.Problem(message.Detail, statusCode: status, title: message.Title).ExecuteAsync(context);
    }

    private static (string Title, string Detail) Describe(HttpContext context, int status, BadHttpRequestException? e, bool api) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => ("The request body is too large.", LimitText(context) is { } limit
            ? $"The request body is larger than the {limit} this endpoint accepts."
            : "The request body is larger than this endpoint accepts."),
        StatusCodes.Status415UnsupportedMediaType => ("Unsupported content type.",
            "The request body must be JSON: send it with Content-Type: application/json."),
        StatusCodes.Status404NotFound => ("Not found.", "Nothing answers at this address."),
        StatusCodes.Status405MethodNotAllowed => ("Method not allowed.", $"This address does not take {context.Request.Method} requests."),
        // The content type as sent: HasFormContentType throws once antiforgery has refused the form.
        StatusCodes.Status400BadRequest when e is null && !api && IsForm(context.Request.ContentType) =>
            ("The form could not be accepted.", "The form could not be accepted: it has expired or was not sent by this site. Reload the page and try again."),
        _ when e is not null && e.Message.Contains("no body was provided", StringComparison.Ordinal) =>
            ("The request could not be read.", "The request needs a JSON body."),
        _ when e?.InnerException is JsonException json => ("The request could not be read.", "The request body is not valid JSON for this endpoint: " + JsonProblem(json.Message)),
        _ when e is not null && e.Message.StartsWith("Failed to read parameter", StringComparison.Ordinal) =>
            ("The request could not be read.", "The request body could not be read as JSON for this endpoint."),
        _ when e is not null => ("The request could not be read.", "The request could not be read: " + Shorten(TypeNames().Replace(e.Message, ""))),
        _ => ("Bad request.", "The request could not be handled as sent."),
    };

    private static bool HasBody(HttpRequest request) => request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;

    private static bool IsForm(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                                    || contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase));

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                                    || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static string? LimitText(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max
            ? LabelStudio.Data.Jobs.UploadSpool.Describe(max)
            : null;

    /// <summary>What the JSON reader found wrong, in its words but without the app's type names.</summary>
    private static string JsonProblem(string message)
    {
        var path = PathOf().Match(message) is { Success: true } m ? $" (at {m.Groups[1].Value})" : "";
        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
            return $"the property '{unmapped.Groups[1].Value}' is not expected here.";
        if (MissingProperties().Match(message) is { Success: true } missing)
            return $"it lacks {missing.Groups[1].Value}.";
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return "a value has the wrong type" + path + ".";
        var first = message.Split(" Path:", 2)[0];
        return Shorten(TypeNames().Replace(first, "")) + path;
    }

    private static string Shorten(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex PathOf();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?( Path|$)")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@" ?(of |to |for )?(type )?'?[A-Za-z0-9_.+`\[\], ]*(LabelStudio|System)\.[A-Za-z0-9_.+`\[\]]*'?")]
    private static partial Regex TypeNames();
}
