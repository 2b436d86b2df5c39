using LabelStudio.Data.Common;

namespace LabelStudio.Web;

/// <summary>Turns the services' exceptions into problem responses that say what is wrong.</summary>
internal sealed class ApiExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainValidationException e)
        {
            return TypedResults.ValidationProblem(
                e.ByKey ?? new Dictionary<string, string[]> { ["errors"] = e.Errors.ToArray() }, detail: e.Message);
        }
        catch (NotFoundException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (AccessDeniedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ConflictException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (PayloadTooLargeException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
        }
    }
}
