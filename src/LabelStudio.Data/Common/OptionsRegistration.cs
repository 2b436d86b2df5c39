using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelStudio.Data.Common;

/// <summary>
/// Every options class is bound once, from its section, and validated when the host (or the CLI) starts: a wrong
/// value stops the start with the key's name instead of surfacing later in a request.
/// </summary>
public static class OptionsRegistration
{
    public static OptionsBuilder<T> AddLabelStudioOptions<T>(this IServiceCollection services, string section,
        Func<T, IEnumerable<string>> validate) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new Validator<T>(validate));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class Validator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
