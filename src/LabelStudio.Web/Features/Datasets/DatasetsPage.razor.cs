using LabelStudio.Data.Common;
using LabelStudio.Data.Datasets;
using LabelStudio.Data.Jobs;
using LabelStudio.Data.Projects;
using LabelStudio.Web.Components.Shared;
using LabelStudio.Web.Features.Datasets.Components;
using LabelStudio.Web.Features.Jobs.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LabelStudio.Web.Features.Datasets;

/// <summary>
/// A project's dataset versions (administrators and the project's leads): the versions with their parent, a dialog to
/// create one (scope, filters, split, formats), the build progress, and the chosen version's downloads, statistics,
/// comparison with another version and card.
/// </summary>
public sealed partial class DatasetsPage
{
    private Actor? _actor;
    private string? _projectName;
    private AccessProblem.Kinds? _problem;
    private IReadOnlyList<DatasetVersionView>? _versions;
    private DatasetVersionView? _selected;
    private JobList? _builds;
    private List<BreadcrumbItem> _breadcrumbs = [new("Projects", "/")];

    [Inject] private ProjectService Projects { get; set; } = default!;
    [Inject] private DatasetService Datasets { get; set; } = default!;
    [Inject] private IDialogService DialogService { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public long ProjectId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _actor = Actor.FromPrincipal((await AuthState).User);
        try
        {
            var project = await Projects.GetAsync(ProjectId, _actor);
            _versions = await Datasets.ListAsync(ProjectId, _actor);
            _projectName = project.Name;
            _breadcrumbs = [new("Projects", "/"), new(project.Name, $"/projects/{ProjectId}"), new("Datasets", null, disabled: true)];
            _selected = _versions.FirstOrDefault(v => v.State == DatasetState.Ready) ?? _versions.FirstOrDefault();
        }
        catch (NotFoundException)
        {
            _problem = AccessProblem.Kinds.NotFound;
        }
        catch (AccessDeniedException)
        {
            _problem = AccessProblem.Kinds.Denied;
        }
    }

    private void Select(DatasetVersionView version) => _selected = version;

    private async Task ReloadAsync()
    {
        _versions = await Datasets.ListAsync(ProjectId, _actor!);
        _selected = _versions.FirstOrDefault(v => v.Id == _selected?.Id) ?? _versions.FirstOrDefault();
        StateHasChanged();
    }

    private async Task CreateAsync()
    {
        var options = await Datasets.FilterOptionsAsync(ProjectId, _actor!);
        var parameters = new DialogParameters<CreateDatasetDialog>
        {
            { d => d.Actor, _actor! },
            { d => d.ProjectId, ProjectId },
            { d => d.Options, options },
            { d => d.NextNumber, (_versions?.Count > 0 ? _versions.Max(v => v.Number) : 0) + 1 },
        };
        var dialog = await DialogService.ShowAsync<CreateDatasetDialog>("New dataset version", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: DatasetCreated created }) return;
        Snackbar.Add($"Building version {created.Version.Number}…", Severity.Info);
        await ReloadAsync();
        _selected = _versions!.FirstOrDefault(v => v.Id == created.Version.Id) ?? _selected;
        if (_builds is not null) await _builds.RefreshAsync();
    }

    private async Task OnBuildFinished(JobView job)
    {
        await ReloadAsync();
        var built = job.Result is { } r && r.TryGetProperty("versionId", out var id) ? id.GetInt64() : (long?)null;
        if (built is { } versionId && _versions!.FirstOrDefault(v => v.Id == versionId) is { } version) _selected = version;
        if (job.State == JobState.Succeeded) Snackbar.Add(job.Message ?? "The version is ready.", Severity.Success);
    }

    private static Color StateColor(DatasetState state) => state switch
    {
        DatasetState.Ready => Color.Success,
        DatasetState.Failed => Color.Error,
        _ => Color.Info,
    };
}
