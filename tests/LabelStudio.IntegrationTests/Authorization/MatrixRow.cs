namespace LabelStudio.IntegrationTests.Authorization;

/// <summary>Allowed (the request succeeds: 2xx or 3xx) or denied (401, 403 or 404; for pages, the denied state).</summary>
public enum Access { A, D }

/// <summary>One API endpoint: who may call it, and the request body an allowed caller sends.</summary>
/// <param name="Route">The endpoint's route as the app declares it, without constraints: <c>/api/projects/{id}</c>.</param>
/// <param name="Body">A valid body (null: none), so that "allowed" means the call really succeeded.</param>
public sealed record ApiRow(string Method, string Route, Access[] Cells, Func<MatrixWorld, MatrixActor, HttpContent>? Body = null)
{
    public Access this[MatrixActor actor] => Cells[(int)actor];
}

/// <summary>One page: who may open it, and text that only its allowed state shows (for its own user: <c>{me}</c>).</summary>
/// <param name="IsTheDeniedPage">The access-denied page itself, whose allowed state is the denied design.</param>
public sealed record PageRow(string Route, Access[] Cells, string Shows, bool IsTheDeniedPage = false)
{
    public Access this[MatrixActor actor] => Cells[(int)actor];
}
