using LabelStudio.Data.Common;
using LabelStudio.Data.Feedback;
using LabelStudio.Data.Jobs;
using LabelStudio.Web.Features.Import;
using LabelStudio.Web.Features.Jobs.Components;
using Microsoft.Extensions.Options;
using LabelStudio.Web.Features.Projects;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace LabelStudio.Web.Features.Feedback;

public sealed partial class FeedbackPage
{
    private const long MaxSeedBytes = FeedbackService.MaxSeedBytes;
    private const int LabelPageSize = 25;

    private enum Phase { Idle, Uploading, Waiting }

    private enum UploadKind { Seed, Log, Catalog }

    [Parameter] public long ProjectId { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private FeedbackService Feedback { get; set; } = default!;
    [Inject] private FeedbackLoopService Loop { get; set; } = default!;
    [Inject] private IOptions<FeedbackOptions> Options { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private FeedbackOverview? overview;
    private FeedbackLabelPage? labels;
    private int? decisionFilter;
    private int labelPage = 1;
    private bool denied;
    private bool notFound;
    private List<BreadcrumbItem> breadcrumbs = [new("Projects", "/")];

    private string format = "native";
    private Phase phase = Phase.Idle;
    private UploadKind uploadKind;
    private string uploadName = "";
    private long uploaded;
    private long uploadTotal;
    private int? uploadId;
    private JobList? jobList;
    private JobList? recomputeList;
    private string? rejection;
    private string? resultMessage;
    private Severity resultSeverity = Severity.Success;
    private DotNetObjectReference<FeedbackPage>? selfRef;
    private bool dropZoneAttached;

    private double targetPercent = 95;
    private int minGrade = 2;
    private int maxTasks = 1000;
    private int windowDays;
    private double halfLifeDays;
    private string? settingsMessage;
    private bool settingsError;

    private string DropZoneId => $"feedback-drop-{ProjectId}";
    private bool Busy => phase != Phase.Idle;
    private long MaxLogBytes => Options.Value.MaxUploadBytes;

    private async Task<Actor> ActorAsync() => Actor.FromPrincipal((await AuthState).User);

    protected override async Task OnParametersSetAsync()
    {
        var actor = await ActorAsync();
        if (!actor.IsAdmin)
        {
            denied = true;
            return;
        }
        await LoadAsync(actor);
        if (overview is not null)
        {
            targetPercent = Math.Round(overview.Settings.TargetPrecision * 100, 1);
            minGrade = overview.Settings.RelevantMinGrade;
            maxTasks = overview.Settings.MaxNewTasks;
            windowDays = overview.Settings.EvidenceWindowDays;
            halfLifeDays = overview.Settings.EvidenceHalfLifeDays;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!dropZoneAttached && overview is not null && RendererInfo.IsInteractive)
        {
            dropZoneAttached = true;
            try
            {
                await JS.InvokeVoidAsync("lsUpload.attachDropZone", DropZoneId, "feedback-file-input");
            }
            catch (JSException)
            {
                // Dropping is a convenience; the file chooser still works.
            }
        }
    }

    private async Task LoadAsync(Actor actor)
    {
        try
        {
            overview = await Feedback.GetOverviewAsync(ProjectId, actor);
        }
        catch (NotFoundException)
        {
            notFound = true;
            return;
        }
        breadcrumbs = [new("Projects", "/"), new(overview.ProjectName, $"/projects/{ProjectId}"), new("Click feedback", null, disabled: true)];
        await LoadLabelsAsync(actor);
    }

    private async Task LoadLabelsAsync(Actor actor)
    {
        labels = overview?.Latest is null ? null : await Feedback.GetLabelsAsync(ProjectId, decisionFilter, null, labelPage, LabelPageSize, actor);
    }

    private async Task OnDecisionChangedAsync(int? decision)
    {
        decisionFilter = decision;
        labelPage = 1;
        labels = null;
        await LoadLabelsAsync(await ActorAsync());
    }

    private async Task OnPageChangedAsync(int page)
    {
        labelPage = page;
        await LoadLabelsAsync(await ActorAsync());
    }

    private async Task SaveSettingsAsync()
    {
        try
        {
            await Feedback.UpdateSettingsAsync(ProjectId, new FeedbackSettingsView(targetPercent / 100, minGrade, maxTasks, windowDays, halfLifeDays),
                await ActorAsync());
            settingsMessage = "Saved. The next ingest or recompute uses these settings.";
            settingsError = false;
        }
        catch (DomainValidationException e)
        {
            settingsMessage = e.Message;
            settingsError = true;
        }
    }

    // ------------------------------------------------------------ recompute and rollback

    private async Task RecomputeAsync()
    {
        try
        {
            await Loop.RecomputeAsync(ProjectId, await ActorAsync());
            if (recomputeList is not null) await recomputeList.RefreshAsync();
        }
        catch (DomainValidationException e)
        {
            Show(e.Message, Severity.Warning);
        }
    }

    private async Task RollbackAsync(FeedbackIngestBrief ingest)
    {
        try
        {
            await Loop.RollbackAsync(ProjectId, ingest.Id, await ActorAsync());
            Show($"Ingest #{ingest.Id} ({ingest.FileName}) is rolled back: its evidence no longer counts, and the labels are being recomputed.",
                Severity.Info);
            await LoadAsync(await ActorAsync());
            if (recomputeList is not null) await recomputeList.RefreshAsync();
        }
        catch (Exception e) when (e is DomainValidationException or NotFoundException)
        {
            Show(e.Message, Severity.Warning);
        }
    }

    // ------------------------------------------------------------ uploads

    private Task OnSeedChosenAsync(ChangeEventArgs _) => StartUploadAsync(UploadKind.Seed, "feedback-seed-input",
        $"api/projects/{ProjectId}/feedback/seed", MaxSeedBytes, [".tsv", ".tab", ".txt"]);

    private Task OnCatalogChosenAsync(ChangeEventArgs _) => StartUploadAsync(UploadKind.Catalog, "feedback-catalog-input",
        $"api/projects/{ProjectId}/feedback/catalog", FeedbackCatalogService.MaxCatalogBytes, [".tsv", ".tab", ".txt", ".jsonl", ".ndjson"]);

    private Task OnLogChosenAsync(ChangeEventArgs _) => StartUploadAsync(UploadKind.Log, "feedback-file-input",
        $"api/projects/{ProjectId}/feedback/ingest?format={format}&async=true", MaxLogBytes, [".jsonl", ".ndjson", ".json", ".tsv", ".txt", ".log"]);

    private async Task StartUploadAsync(UploadKind kind, string inputId, string relativeUrl, long maxBytes, string[] extensions)
    {
        rejection = null;
        var chosen = await JS.InvokeAsync<ChosenFile?>("lsUpload.selected", inputId);
        if (chosen is null) return;
        var extension = Path.GetExtension(chosen.Name).ToLowerInvariant();
        if (!extensions.Contains(extension))
        {
            var what = kind switch { UploadKind.Seed => "seed TSV", UploadKind.Catalog => "catalog", _ => "click log" };
            rejection = $"{chosen.Name} does not look like a {what} (by its extension: {string.Join(", ", extensions)}).";
            return;
        }
        if (chosen.Size == 0)
        {
            rejection = $"{chosen.Name} is empty.";
            return;
        }
        if (chosen.Size > maxBytes)
        {
            rejection = $"{chosen.Name} is {Display.Bytes(chosen.Size)}; the limit is {Display.Bytes(maxBytes)}.";
            return;
        }
        selfRef ??= DotNetObjectReference.Create(this);
        uploadKind = kind;
        uploadName = chosen.Name;
        uploaded = 0;
        uploadTotal = chosen.Size;
        resultMessage = null;
        phase = Phase.Uploading;
        var url = Navigation.ToAbsoluteUri(relativeUrl).ToString();
        var started = await JS.InvokeAsync<StartedUpload?>("lsUpload.start", inputId, url, selfRef);
        uploadId = started?.Id;
        if (started is null) phase = Phase.Idle;
    }

    [JSInvokable]
    public Task OnUploadProgress(long loaded, long total) => InvokeAsync(() =>
    {
        uploaded = loaded;
        uploadTotal = total;
        if (loaded >= total && phase == Phase.Uploading) phase = Phase.Waiting;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadCompleted(int status, string body) => InvokeAsync(async () =>
    {
        uploadId = null;
        uploaded = uploadTotal;
        phase = Phase.Idle;
        if (uploadKind == UploadKind.Log && status == 202)
        {
            if (jobList is not null) await jobList.RefreshAsync();
        }
        else if (uploadKind == UploadKind.Catalog && status == 201)
        {
            Show($"Catalog {uploadName} uploaded: new click tasks show the query and document text.", Severity.Success);
            await LoadAsync(await ActorAsync());
        }
        else if (uploadKind == UploadKind.Seed && status == 201)
        {
            Show($"Seed {uploadName} uploaded; the next ingest is calibrated on it.", Severity.Success);
            await LoadAsync(await ActorAsync());
        }
        else
        {
            Show($"{uploadName}: {ImportPanel.DescribeHttpFailure(status, body)}", Severity.Error);
        }
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadFailed(string message) => InvokeAsync(() =>
    {
        uploadId = null;
        phase = Phase.Idle;
        Show(message, Severity.Error);
        StateHasChanged();
    });

    private async Task CancelUploadAsync()
    {
        if (uploadId is { } id) await JS.InvokeVoidAsync("lsUpload.cancel", id);
    }

    private async Task OnJobFinishedAsync(JobView finished)
    {
        decisionFilter = null;
        labelPage = 1;
        await LoadAsync(await ActorAsync());
    }

    private void Show(string message, Severity severity)
    {
        resultMessage = message;
        resultSeverity = severity;
    }

    private static double Fraction(long done, long total) => total <= 0 ? 0 : Math.Min(100, 100.0 * done / total);

    public ValueTask DisposeAsync()
    {
        selfRef?.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record ChosenFile(string Name, long Size);

    private sealed record StartedUpload(int Id, string Name, long Size);
}
