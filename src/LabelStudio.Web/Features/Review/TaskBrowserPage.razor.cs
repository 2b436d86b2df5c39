using System.Diagnostics;
using LabelStudio.Data.Common;
using LabelStudio.Data.Projects;
using LabelStudio.Data.Review;
using LabelStudio.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LabelStudio.Web.Features.Review;

/// <summary>
/// Label Studio's Data Manager for leads and administrators: every task with state, ratings, agreement, final label and
/// origin, batch and creation time. Sorting, filters and paging run in the database (MudDataGrid server data).
/// </summary>
public sealed partial class TaskBrowserPage
{
    private MudDataGrid<TaskRow>? _grid;
    private Actor? _actor;
    private string? _projectName;
    private AccessProblem.Kinds? _problem;
    private TaskState? _state;
    private long? _batch;
    private string? _search;
    private int? _total;
    private long? _elapsedMs;
    private IReadOnlyList<BatchOption> _batches = [];
    private List<BreadcrumbItem> _breadcrumbs = [new("Projects", "/")];

    [Inject] private ProjectService Projects { get; set; } = default!;
    [Inject] private TaskBrowserService Browser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public long ProjectId { get; set; }

    [SupplyParameterFromQuery(Name = "state")] public string? StateParameter { get; set; }

    private bool Filtered => _state is not null || _batch is not null || !string.IsNullOrWhiteSpace(_search);

    protected override async Task OnParametersSetAsync()
    {
        _actor = Actor.FromPrincipal((await AuthState).User);
        if (Enum.TryParse<TaskState>(StateParameter, ignoreCase: true, out var state)) _state = state;
        try
        {
            var project = await Projects.GetAsync(ProjectId, _actor);
            _batches = await Browser.BatchesAsync(ProjectId, _actor);
            _projectName = project.Name;
            _breadcrumbs = [new("Projects", "/"), new(project.Name, $"/projects/{ProjectId}"), new("Tasks", null, disabled: true)];
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

    private async Task<GridData<TaskRow>> LoadAsync(GridState<TaskRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new TaskQuery(_state, _batch, _search, SortOf(sort?.SortBy), sort?.Descending ?? false, state.Page + 1, state.PageSize);
        var stopwatch = Stopwatch.StartNew();
        var page = await Browser.ListAsync(ProjectId, query, _actor!, ct);
        _elapsedMs = stopwatch.ElapsedMilliseconds;
        _total = page.Total;
        return new GridData<TaskRow> { Items = page.Items, TotalItems = page.Total };
    }

    private static TaskSort SortOf(string? column) => column switch
    {
        nameof(TaskRow.State) => TaskSort.State,
        nameof(TaskRow.Ratings) => TaskSort.Ratings,
        nameof(TaskRow.Agreement) => TaskSort.Agreement,
        nameof(TaskRow.CreatedAt) => TaskSort.Created,
        _ => TaskSort.Position,
    };

    private Task SetStateAsync(TaskState? state)
    {
        _state = state;
        return ReloadAsync();
    }

    private Task SetBatchAsync(long? batch)
    {
        _batch = batch;
        return ReloadAsync();
    }

    private Task SetSearchAsync(string? search)
    {
        _search = search;
        return ReloadAsync();
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private void OpenRow(DataGridRowClickEventArgs<TaskRow> args) => Navigation.NavigateTo($"/projects/{ProjectId}/tasks/{args.Item.TaskId}");
}
