using LabelStudio.Data.Common;
using LabelStudio.Data.Jobs;
using LabelStudio.Web.Features.Projects;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LabelStudio.Web.Features.Jobs.Components;

/// <summary>
/// Reads the jobs from the database (so a reload, or a restart, still shows what ran and what failed, and a job
/// started by the command line shows too) and polls while any of them runs.
/// </summary>
public sealed partial class JobList
{
    private static readonly TimeSpan Active = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Parameter, EditorRequired] public long ProjectId { get; set; }

    [Parameter, EditorRequired] public string Kind { get; set; } = "";

    [Parameter] public bool CanCancel { get; set; }

    [Parameter] public int Take { get; set; } = 5;

    /// <summary>The outcome of the newest finished job in full (older ones show their message).</summary>
    [Parameter] public RenderFragment<JobView>? Detail { get; set; }

    /// <summary>Raised when a job this list saw running has finished.</summary>
    [Parameter] public EventCallback<JobView> OnFinished { get; set; }

    [Parameter] public string TestId { get; set; } = "jobs";

    [Parameter] public string EmptyText { get; set; } = "Nothing has run yet.";

    [Parameter] public string EmptyIcon { get; set; } = Icons.Material.Outlined.History;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject] private JobService Jobs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    private readonly HashSet<long> cancelling = [];
    private readonly CancellationTokenSource stop = new();
    private IReadOnlyList<JobView>? jobs;
    private Dictionary<long, JobState> seen = [];
    private Actor? actor;
    private bool polling;

    protected override async Task OnParametersSetAsync()
    {
        actor ??= Actor.FromPrincipal((await AuthState).User);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!polling && RendererInfo.IsInteractive)
        {
            polling = true;
            _ = PollAsync();
        }
    }

    /// <summary>Reads the jobs again now (e.g. right after an upload queued one).</summary>
    public Task RefreshAsync() => InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    private async Task PollAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(jobs?.Any(j => !j.IsFinished) == true ? Active : Idle, stop.Token);
                await RefreshAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoadAsync()
    {
        if (actor is null) return;
        jobs = await Jobs.ListAsync(ProjectId, actor, Kind, Take, stop.Token);
        var finished = jobs.Where(j => j.IsFinished && seen.TryGetValue(j.Id, out var before) && before is JobState.Queued or JobState.Running).ToList();
        seen = jobs.ToDictionary(j => j.Id, j => j.State);
        foreach (var job in finished)
        {
            cancelling.Remove(job.Id);
            await OnFinished.InvokeAsync(job);
        }
    }

    private async Task CancelAsync(JobView job)
    {
        if (actor is null) return;
        cancelling.Add(job.Id);
        try
        {
            await Jobs.CancelAsync(job.Id, actor);
        }
        catch (Exception e) when (e is ConflictException or AccessDeniedException or NotFoundException)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
        await LoadAsync();
    }

    private string WhenText(JobView job) => job.FinishedAt is { } finished
        ? $"finished {Display.Ago(finished, Clock.GetUtcNow().UtcDateTime)}"
        : job.StartedAt is { } started ? $"started {Display.Ago(started, Clock.GetUtcNow().UtcDateTime)}" : $"queued {Display.Ago(job.CreatedAt, Clock.GetUtcNow().UtcDateTime)}";

    private static string StateText(JobView job) => job.State switch
    {
        JobState.Queued => "Queued",
        JobState.Running => job.CancelRequested ? "Cancelling" : "Running",
        JobState.Succeeded => "Done",
        JobState.Failed => "Failed",
        _ => "Cancelled",
    };

    private static string ProgressText(JobView job)
    {
        if (job.State == JobState.Queued) return "Waiting for the jobs before it to finish.";
        var stage = string.IsNullOrEmpty(job.Stage) ? "starting" : job.Stage;
        if (job.ProgressTotal <= 0) return Capitalize(stage) + "…";
        var percent = Display.Percent(job.Fraction ?? 0);
        var amounts = stage is "importing" or "parsing" or "checking the rest of the file" or "checking"
            ? $"{Display.Bytes(job.ProgressDone)} of {Display.Bytes(job.ProgressTotal)}"
            : $"{Display.Count(job.ProgressDone)} of {Display.Count(job.ProgressTotal)}";
        return $"{Capitalize(stage)} · {percent} · {amounts}";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string IconOf(JobState state) => state switch
    {
        JobState.Queued => Icons.Material.Outlined.Schedule,
        JobState.Running => Icons.Material.Outlined.Sync,
        JobState.Succeeded => Icons.Material.Outlined.CheckCircle,
        JobState.Failed => Icons.Material.Outlined.ErrorOutline,
        _ => Icons.Material.Outlined.Block,
    };

    private static Color ColorOf(JobState state) => state switch
    {
        JobState.Succeeded => Color.Success,
        JobState.Failed => Color.Error,
        JobState.Cancelled => Color.Default,
        _ => Color.Primary,
    };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        stop.Dispose();
    }
}
