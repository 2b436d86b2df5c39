namespace LabelStudio.IntegrationTests.Review;

/// <summary>
/// Tests on a <see cref="ReviewScenario"/> without the background recompute worker: nothing runs a queued recompute but
/// what the test does, so a request that starts before the worker would have got to the project (what a loaded machine
/// does now and then) happens every time.
/// </summary>
public abstract class ScenarioWithoutRecomputeWorker : IAsyncLifetime
{
    protected ReviewScenario S { get; private set; } = null!;

    public async Task InitializeAsync() => S = await ReviewScenario.StartAsync(services: ReviewScenario.WithoutRecomputeWorker);

    public async Task DisposeAsync() => await S.DisposeAsync();
}
