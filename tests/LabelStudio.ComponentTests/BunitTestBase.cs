using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LabelStudio.ComponentTests;

/// <summary>
/// A bUnit context set up for MudBlazor. xunit 2 disposes synchronously, which MudBlazor's services refuse, so the
/// context is held here and disposed through <see cref="IAsyncLifetime"/>. Register extra services in the derived
/// constructor: the first render freezes the container.
/// </summary>
public abstract class BunitTestBase : IAsyncLifetime
{
    private bool _rendererReady;

    protected BunitTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
    }

    protected BunitContext Context { get; } = new();

    protected IRenderedComponent<TComponent> Render<TComponent>(
        Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        if (!_rendererReady)
        {
            Context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            _rendererReady = true;
        }

        return Context.Render(parameters);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
