using System.Text.Json;
using LabelStudio.Data.Jobs;
using LabelStudio.Web.Features.Jobs.Components;
using Microsoft.Extensions.Options;
using LabelStudio.Data.Admin;
using LabelStudio.Data.Common;
using LabelStudio.Data.Import;
using LabelStudio.Web.Features.Projects;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace LabelStudio.Web.Features.Import;

public sealed partial class ImportPanel
{
    private const string Accept = ".json,.jsonl,.ndjson,.csv,.tsv,.tab,application/json,text/csv,text/tab-separated-values";
    private static readonly string[] Extensions = [".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".tab"];

    private enum Phase { Idle, Uploading, Waiting }

    [Parameter, EditorRequired] public long ProjectId { get; set; }

    /// <summary>Data fields the current configuration reads, shown as a hint.</summary>
    [Parameter] public IReadOnlyList<string> RequiredFields { get; set; } = [];

    /// <summary>Raised after a successful import so the page can refresh its counts.</summary>
    [Parameter] public EventCallback OnImported { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ImportService Imports { get; set; } = default!;
    [Inject] private UserService Users { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IOptions<ImportOptions> Options { get; set; } = default!;

    private Phase phase = Phase.Idle;
    private string fileName = "";
    private long uploaded;
    private long uploadTotal;
    private int? uploadId;
    private string? rejection;
    private bool allowDuplicates;
    private JobList? jobList;
    private IReadOnlyList<ImportBatch>? batches;
    private IReadOnlyDictionary<string, string>? userNames;
    private DotNetObjectReference<ImportPanel>? selfRef;
    private bool dropZoneAttached;

    private long MaxBytes => Options.Value.MaxUploadBytes;
    private string LimitText => UploadSpool.Describe(MaxBytes);
    private string DropZoneId => $"import-drop-{ProjectId}";
    private bool Uploading => phase != Phase.Idle;
    private string FieldsText => RequiredFields.Count == 0 ? "none" : string.Join(", ", RequiredFields.Select(f => "\"" + f + "\""));

    protected override async Task OnInitializedAsync() => await LoadHistoryAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!dropZoneAttached && RendererInfo.IsInteractive)
        {
            dropZoneAttached = true;
            try
            {
                await JS.InvokeVoidAsync("lsUpload.attachDropZone", DropZoneId, "import-file-input");
            }
            catch (JSException)
            {
                // Dropping is a convenience; the file chooser still works.
            }
        }
    }

    private async Task LoadHistoryAsync()
    {
        var actor = Actor.FromPrincipal((await AuthState).User);
        batches = await Imports.ListBatchesAsync(ProjectId, actor);
        if (userNames is null)
        {
            var users = await Users.ListAsync(actor);
            userNames = users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email : u.DisplayName);
        }
    }

    private async Task OnFileChosenAsync(ChangeEventArgs _)
    {
        rejection = null;
        var chosen = await JS.InvokeAsync<ChosenFile?>("lsUpload.selected", "import-file-input");
        if (chosen is null) return;
        var extension = Path.GetExtension(chosen.Name).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            rejection = $"{chosen.Name} is not a JSON, JSON Lines, CSV or TSV file (by its extension).";
            return;
        }
        if (chosen.Size > MaxBytes)
        {
            rejection = $"{chosen.Name} is {Display.Bytes(chosen.Size)}; the limit is {LimitText}. Split it into several files.";
            return;
        }
        if (chosen.Size == 0)
        {
            rejection = $"{chosen.Name} is empty.";
            return;
        }

        selfRef ??= DotNetObjectReference.Create(this);
        fileName = chosen.Name;
        uploaded = 0;
        uploadTotal = chosen.Size;
        phase = Phase.Uploading;
        var url = Navigation.ToAbsoluteUri($"api/projects/{ProjectId}/import?async=true" +
                                           (allowDuplicates ? "&allowDuplicates=true" : "")).ToString();
        var started = await JS.InvokeAsync<StartedUpload?>("lsUpload.start", "import-file-input", url, selfRef);
        uploadId = started?.Id;
        if (started is null)
        {
            phase = Phase.Idle;
        }
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
        phase = Phase.Idle;
        // The option is for one file: the next file is checked for duplicates again unless the box is ticked again.
        if (status == 202) allowDuplicates = false;
        if (status != 202)
        {
            rejection = $"{fileName}: {DescribeHttpFailure(status, body)}";
        }
        if (jobList is not null) await jobList.RefreshAsync();
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadFailed(string message) => InvokeAsync(() =>
    {
        uploadId = null;
        phase = Phase.Idle;
        rejection = $"{fileName}: {message}";
        StateHasChanged();
    });

    private async Task CancelUploadAsync()
    {
        if (uploadId is { } id)
        {
            await JS.InvokeVoidAsync("lsUpload.cancel", id);
        }
    }

    private async Task OnJobFinishedAsync(JobView job)
    {
        if (job.State != JobState.Succeeded) return;
        await LoadHistoryAsync();
        await OnImported.InvokeAsync();
    }

    /// <summary>The finished job as the result view shows it.</summary>
    internal static ImportOutcome? OutcomeOf(JobView job)
    {
        var result = job.ResultAs<ImportJobResult>();
        if (job.State == JobState.Succeeded && result is not null)
        {
            var batch = new ImportBatch
            {
                Id = result.BatchId ?? 0, FileName = job.FileName ?? "", TaskCount = result.Tasks, AnnotationCount = result.Annotations,
                PredictionCount = result.Predictions, SizeBytes = job.InputBytes ?? 0, Sha256 = result.Sha256 ?? "",
                ProjectId = job.ProjectId ?? 0,
            };
            return new ImportOutcome(batch, [], 0, job.Id, result.Warnings);
        }
        return result is { TotalErrors: > 0 }
            ? new ImportOutcome(null, result.Errors, result.TotalErrors, job.Id, ExistingDuplicates: result.ExistingDuplicates)
            : null;
    }

    internal static string? FailureOf(JobView job) =>
        job.State == JobState.Succeeded || job.ResultAs<ImportJobResult>() is { TotalErrors: > 0 } ? null : job.Message;

    private static double Fraction(long done, long total) => total <= 0 ? 0 : Math.Min(100, 100.0 * done / total);

    /// <summary>Turns a non-202 answer (problem details, a proxy's page, an empty body) into one sentence.</summary>
    internal static string DescribeHttpFailure(int status, string body)
    {
        var detail = ProblemText(body);
        return status switch
        {
            413 => detail ?? "The file is larger than the server accepts for one request.",
            401 => "Your session has expired; sign in again and retry.",
            403 => detail ?? "Only administrators can import tasks.",
            404 => detail ?? "The project does not exist any more.",
            >= 500 => "The server failed while receiving the file; nothing was imported. It is safe to try again.",
            _ => detail ?? $"The server refused the upload (HTTP {status}).",
        };
    }

    private static string? ProblemText(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var messages = errors.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.Array
                    ? p.Value.EnumerateArray().Select(v => v.GetString()) : []).OfType<string>().ToList();
                if (messages.Count > 0) return string.Join(" ", messages);
            }
            if (root.TryGetProperty("detail", out var d) && d.GetString() is { Length: > 0 } detail) return detail;
            if (root.TryGetProperty("title", out var t) && t.GetString() is { Length: > 0 } title) return title;
        }
        catch (JsonException)
        {
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        // A running upload is left to finish: the server still queues the job, and the list shows it on return.
        selfRef?.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record ChosenFile(string Name, long Size);

    private sealed record StartedUpload(int Id, string Name, long Size);
}
