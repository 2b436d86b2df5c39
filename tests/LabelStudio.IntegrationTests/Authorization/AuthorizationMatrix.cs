using System.Net.Http.Json;
using System.Text;
using LabelStudio.Quality;
using LabelStudio.IntegrationTests.Infrastructure;
using static LabelStudio.IntegrationTests.Authorization.Access;

namespace LabelStudio.IntegrationTests.Authorization;

/// <summary>
/// Who may call every endpoint and open every page. One line per endpoint; the columns are the <see cref="MatrixActor"/>s:
/// anonymous, a rater outside the project, a rater inside it, a lead of another project, the project's lead, an admin.
/// A new endpoint or page without a line here fails <see cref="AuthorizationMatrixTests"/> with its name.
/// "{id}" is the project P for /api/projects, the task for /api/tasks and the victim user for /api/users
/// (see <see cref="MatrixWorld.PathAsync"/>).
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly ApiRow[] Api =
    [
        //     method    route                                            anon raterOut raterIn leadOther lead admin
        new("POST",   "/api/auth/token",                               [A,   A,       A,      A,        A,   A], Bodies.SignIn),
        new("POST",   "/Account/Logout",                               [A,   A,       A,      A,        A,   A]),
        new("GET",    "/openapi/{documentName}.json",                  [D,   A,       A,      A,        A,   A]),

        new("GET",    "/api/projects",                                 [D,   A,       A,      A,        A,   A]),
        new("POST",   "/api/projects",                                 [D,   D,       D,      D,        D,   A], Bodies.NewProject),
        new("GET",    "/api/projects/{id}",                            [D,   D,       A,      D,        A,   A]),
        new("PUT",    "/api/projects/{id}",                            [D,   D,       D,      D,        D,   A], Bodies.SameProject),
        new("POST",   "/api/projects/validate",                        [D,   A,       A,      A,        A,   A], Bodies.ValidConfig),
        new("GET",    "/api/projects/{id}/members",                    [D,   D,       D,      D,        D,   A]),
        new("PUT",    "/api/projects/{id}/members",                    [D,   D,       D,      D,        D,   A], Bodies.VictimAsRater),
        new("DELETE", "/api/projects/{id}/members/{userId}",           [D,   D,       D,      D,        D,   A]),

        new("POST",   "/api/projects/{id}/import",                     [D,   D,       D,      D,        D,   A], Bodies.TaskFile),
        // Jobs: administrators and the project's leads follow them (a member rater gets 403, anyone else 404);
        // only administrators cancel. {jobId} is an import job of P; for cancel, a job of P that is still queued.
        new("GET",    "/api/import-jobs/{jobId}",                      [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/jobs/{jobId}",                             [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/jobs",                       [D,   D,       D,      D,        A,   A]),
        new("POST",   "/api/jobs/{jobId}/cancel",                      [D,   D,       D,      D,        D,   A]),
        new("GET",    "/api/projects/{id}/imports",                    [D,   D,       D,      D,        D,   A]),

        new("GET",    "/api/projects/{id}/next",                       [D,   D,       A,      D,        A,   D]),
        new("POST",   "/api/tasks/{id}/annotations",                   [D,   D,       A,      D,        A,   D], Bodies.Annotation),
        // Only the caller's own annotations: an outsider gets an empty list, never someone else's.
        new("GET",    "/api/tasks/{id}/annotations",                   [D,   A,       A,      A,        A,   A]),
        new("GET",    "/api/projects/{id}/progress",                   [D,   D,       A,      D,        A,   D]),
        // Drafts, recent answers and revisions: only the caller's own, only in projects they label.
        new("PUT",    "/api/tasks/{id}/draft",                         [D,   D,       A,      D,        A,   D], Bodies.Draft),
        new("GET",    "/api/tasks/{id}/draft",                         [D,   D,       A,      D,        A,   D]),
        new("DELETE", "/api/tasks/{id}/draft",                         [D,   D,       A,      D,        A,   D]),
        new("GET",    "/api/projects/{id}/submissions",                [D,   D,       A,      D,        A,   D]),
        // {id} is the actor's own newest annotation on the task; others try to revise the inside rater's.
        new("POST",   "/api/annotations/{id}/revisions",               [D,   D,       A,      D,        A,   D], Bodies.Revision),

        new("GET",    "/api/projects/{id}/quality",                    [D,   D,       D,      D,        A,   A]),
        new("POST",   "/api/projects/{id}/quality/recompute",          [D,   D,       D,      D,        A,   A]),
        new("PUT",    "/api/projects/{id}/quality/settings",           [D,   D,       D,      D,        D,   A], Bodies.ConflictRule),
        new("GET",    "/api/projects/{id}/conflicts",                  [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/tasks/{id}/outcome",                       [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/tasks/{id}/gold",                          [D,   D,       D,      D,        A,   A]),
        new("PUT",    "/api/tasks/{id}/gold",                          [D,   D,       D,      D,        A,   A], Bodies.Gold),
        new("DELETE", "/api/tasks/{id}/gold",                          [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/quality/csv/{table}",        [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/quality/resolutions",        [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/consensus-runs",             [D,   D,       D,      D,        A,   A]),

        // Validation reports: the project's leads and administrators, never raters. {batchId} is an import batch of P.
        new("GET",    "/api/projects/{id}/imports/statistics",         [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/imports/{batchId}/statistics",[D,  D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/schema",                     [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/drift",                      [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/rater-skew",                 [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/validation/settings",        [D,   D,       D,      D,        A,   A]),
        new("PUT",    "/api/projects/{id}/validation/settings",        [D,   D,       D,      D,        A,   A], Bodies.Json("""{"lInfinityThreshold":0.1,"jensenShannonThreshold":0.1}""")),
        new("POST",   "/api/projects/{id}/validate",                   [D,   D,       D,      D,        A,   A], Bodies.TaskFile),

        // Review: leads of the project and administrators; a rater's own feedback and instruction changes.
        new("POST",   "/api/tasks/{id}/resolution",                    [D,   D,       D,      D,        A,   A], Bodies.Invalid),
        new("GET",    "/api/tasks/{id}/resolutions",                   [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/tasks/{id}",                               [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/tasks",                      [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/batches",                    [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/review",                     [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/gold-accuracy",              [D,   D,       D,      D,        A,   A]),
        // {userId} is the inside rater here: resuming a member is the lead's call, never the rater's own.
        new("POST",   "/api/projects/{id}/members/{userId}/resume",    [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/me/feedback",                              [D,   A,       A,      A,        A,   A]),
        new("GET",    "/api/projects/{id}/instructions/changes",       [D,   D,       A,      D,        A,   D]),

        new("POST",   "/api/projects/{id}/feedback/ingest",            [D,   D,       D,      D,        D,   A], Bodies.ClickLog),
        new("POST",   "/api/projects/{id}/feedback/seed",              [D,   D,       D,      D,        D,   A], Bodies.Seed),
        new("GET",    "/api/feedback-jobs/{jobId}",                    [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/projects/{id}/feedback",                   [D,   D,       D,      D,        D,   A]),
        new("GET",    "/api/projects/{id}/feedback/labels",            [D,   D,       D,      D,        D,   A]),
        new("GET",    "/api/projects/{id}/feedback/rankers",           [D,   D,       D,      D,        D,   A]),
        new("GET",    "/api/projects/{id}/feedback/segments",          [D,   D,       D,      D,        D,   A]),
        new("GET",    "/api/projects/{id}/feedback/drift",             [D,   D,       D,      D,        D,   A]),
        new("POST",   "/api/projects/{id}/feedback/catalog",           [D,   D,       D,      D,        D,   A], Bodies.Catalog),
        new("POST",   "/api/projects/{id}/feedback/recompute",         [D,   D,       D,      D,        D,   A]),
        new("POST",   "/api/projects/{id}/feedback/ingests/{ingestId}/rollback", [D, D,   D,      D,        D,   A]),
        new("PUT",    "/api/projects/{id}/feedback/settings",          [D,   D,       D,      D,        D,   A], Bodies.Json("""{"targetPrecision":0.95,"relevantMinGrade":1,"maxNewTasks":100}""")),

        new("GET",    "/api/users",                                    [D,   D,       D,      D,        D,   A]),
        new("POST",   "/api/users",                                    [D,   D,       D,      D,        D,   A], Bodies.NewUser),
        new("PUT",    "/api/users/{id}/role",                          [D,   D,       D,      D,        D,   A], Bodies.Json("""{"role":"Rater"}""")),
        new("POST",   "/api/users/{id}/password",                      [D,   D,       D,      D,        D,   A], Bodies.Json("""{"password":"Matrix-reset-1"}""")),
        new("PUT",    "/api/users/{id}/lock",                          [D,   D,       D,      D,        D,   A], Bodies.Json("""{"locked":false}""")),
        new("GET",    "/api/admin/runtime",                            [D,   D,       D,      D,        D,   A]),

        new("GET",    "/api/me",                                       [D,   A,       A,      A,        A,   A]),
        new("GET",    "/api/me/tokens",                                [D,   A,       A,      A,        A,   A]),
        new("POST",   "/api/me/tokens",                                [D,   A,       A,      A,        A,   A], Bodies.Json("""{"name":"matrix"}""")),
        new("DELETE", "/api/me/tokens/{tokenId}",                      [D,   A,       A,      A,        A,   A]),
        new("GET",    "/api/tokens",                                   [D,   D,       D,      D,        D,   A]),
        new("DELETE", "/api/tokens/{tokenId}",                         [D,   D,       D,      D,        D,   A]),

        // Datasets: administrators and the project's leads; the catalog lists only what the caller may see (raters: nothing).
        new("POST",   "/api/projects/{id}/datasets",                   [D,   D,       D,      D,        A,   A], Bodies.Json("""{"formats":["jsonl"]}""")),
        new("GET",    "/api/projects/{id}/datasets",                   [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/datasets",                                 [D,   A,       A,      A,        A,   A]),
        new("GET",    "/api/datasets/{id}",                            [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/datasets/{id}/stats",                      [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/datasets/{id}/manifest",                   [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/datasets/{id}/card",                       [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/datasets/{id}/diff",                       [D,   D,       D,      D,        A,   A]),
        new("GET",    "/api/datasets/{id}/download",                   [D,   D,       D,      D,        A,   A]),
        // P has click feedback, so its version carries the click-label file.
        new("GET",    "/api/datasets/{id}/download?format=click-labels", [D, D,       D,      D,        A,   A]),
        new("POST",   "/api/datasets/{id}/reproduce",                  [D,   D,       D,      D,        A,   A]),
        new("POST",   "/api/datasets/{id}/validate",                   [D,   D,       D,      D,        A,   A], Bodies.TaskFile),

        new("GET",    "/api/audit",                                    [D,   D,       D,      D,        D,   A]),
        new("GET",    "/api/audit/export",                             [D,   D,       D,      D,        D,   A]),
    ];

    public static readonly PageRow[] Pages =
    [
        //     route                                   anon raterOut raterIn leadOther lead admin   shown only when allowed
        new("/Account/Login",                          [A,   A,       A,      A,        A,   A], "id=\"sign-in\""),
        new("/Account/AccessDenied",                   [A,   A,       A,      A,        A,   A], "Your account does not have permission", IsTheDeniedPage: true),
        new("/error",                                  [A,   A,       A,      A,        A,   A], "Something went wrong"),
        new("/not-found",                              [A,   A,       A,      A,        A,   A], "This page does not exist"),
        new("/",                                       [D,   A,       A,      A,        A,   A], "<title>Projects · LabelStudio</title>"),
        new("/projects/{Id}",                          [D,   D,       A,      D,        A,   A], MatrixWorld.ProjectName),
        new("/projects/{ProjectId}/label",             [D,   D,       A,      D,        A,   D], "data-testid=\"remaining\""),
        new("/projects/{ProjectId}/quality",           [D,   D,       D,      D,        A,   A], MatrixWorld.ProjectName),
        new("/projects/{ProjectId}/data",              [D,   D,       D,      D,        A,   A], "data-testid=\"batch-statistics\""),
        new("/projects/{ProjectId}/review",            [D,   D,       D,      D,        A,   A], "data-testid=\"review-filters\""),
        new("/projects/{ProjectId}/tasks",             [D,   D,       D,      D,        A,   A], MatrixWorld.ProjectName),
        new("/projects/{ProjectId}/tasks/{TaskId}",    [D,   D,       D,      D,        A,   A], "p task 1"),
        new("/my-feedback",                            [D,   A,       A,      A,        A,   A], "<title>My feedback · LabelStudio</title>"),
        new("/projects/{ProjectId}/feedback",          [D,   D,       D,      D,        D,   A], MatrixWorld.ProjectName),
        new("/projects/{ProjectId}/datasets",          [D,   D,       D,      D,        A,   A], "data-testid=\"create-dataset\""),
        new("/datasets",                               [D,   D,       D,      A,        A,   A], "data-testid=\"catalog-search\""),
        new("/projects/{Id}/settings",                 [D,   D,       D,      D,        D,   A], MatrixWorld.ProjectName),
        new("/projects/new",                           [D,   D,       D,      D,        D,   A], "data-testid=\"save-project\""),
        new("/admin/users",                            [D,   D,       D,      D,        D,   A], "victim@matrix.local"),
        new("/admin/tokens",                           [D,   D,       D,      D,        D,   A], MatrixWorld.VictimTokenName),
        new("/admin/audit",                            [D,   D,       D,      D,        D,   A], "data-testid=\"audit-filters\""),
        new("/profile",                                [D,   A,       A,      A,        A,   A], "data-testid=\"profile-email\">{me}</span>"),
        new("/api-reference",                          [D,   A,       A,      A,        A,   A], "data-path=\"/api/me/tokens\""),
    ];

    /// <summary>Framework plumbing that is not the app's to authorize: static files, the Blazor hub, redirects.</summary>
    public static readonly string[] NotInTheMatrix =
    [
        "/{**path:file}", "/_framework/opaque-redirect", "/_blazor", "/_blazor/negotiate", "/_blazor/disconnect", "/_blazor/initializers",
    ];

    /// <summary>Request bodies that make an allowed call succeed.</summary>
    private static class Bodies
    {
        public static Func<MatrixWorld, MatrixActor, HttpContent> Json(string json) => (_, _) => JsonContent(json);

        public static HttpContent SignIn(MatrixWorld w, MatrixActor _) => JsonContent($$"""{"email":"{{w.SignInEmail}}","password":"{{TestApp.Password}}"}""");

        public static HttpContent NewProject(MatrixWorld w, MatrixActor a) =>
            JsonContent($$"""{"name":"Made by {{a}} {{Guid.NewGuid():N}}","labelConfig":{{System.Text.Json.JsonSerializer.Serialize(Core.LabelingConfig.LabelingConfigSamples.TextClassification)}}}""");

        public static HttpContent SameProject(MatrixWorld w, MatrixActor _) =>
            JsonContent($$"""{"name":"{{MatrixWorld.ProjectName}}","overlap":10,"labelConfig":{{System.Text.Json.JsonSerializer.Serialize(Core.LabelingConfig.LabelingConfigSamples.TextClassification)}}}""");

        public static HttpContent ValidConfig(MatrixWorld w, MatrixActor _) =>
            JsonContent($$"""{"labelConfig":{{System.Text.Json.JsonSerializer.Serialize(Core.LabelingConfig.LabelingConfigSamples.TextClassification)}}}""");

        public static HttpContent VictimAsRater(MatrixWorld w, MatrixActor _) => JsonContent($$"""{"userId":"{{w.VictimId}}","role":0}""");

        public static HttpContent NewUser(MatrixWorld w, MatrixActor a) =>
            JsonContent($$"""{"email":"made-by-{{a.ToString().ToLowerInvariant()}}-{{Guid.NewGuid():N}}@matrix.local","displayName":"","role":"Rater"}""");

        public static HttpContent TaskFile(MatrixWorld w, MatrixActor a) => Raw(MatrixWorld.Tasks($"import by {a}", 1), "application/x-ndjson");

        public static HttpContent ClickLog(MatrixWorld w, MatrixActor a) => Raw(MatrixWorld.ClickLog, "application/x-ndjson");

        public static HttpContent Seed(MatrixWorld w, MatrixActor a) => Raw("query_id\tdoc_id\tgrade\nq1\td1\t2\n", "text/tab-separated-values");
        public static HttpContent Catalog(MatrixWorld w, MatrixActor a) =>
            Raw("kind\tid\ttext\ttitle\turl\nquery\tq1\tcheap flights\t\t\ndoc\td1\tFares from 19 euros.\tFlights\thttps://example.test/f\n", "text/tab-separated-values");

        public static HttpContent Annotation(MatrixWorld w, MatrixActor a) => JsonContent(TestApp.ChoiceResult("Positive"));

        public static HttpContent Draft(MatrixWorld w, MatrixActor a) => JsonContent(TestApp.ChoiceResult("Negative"));

        public static HttpContent Revision(MatrixWorld w, MatrixActor a) => JsonContent(TestApp.ChoiceResult("Negative"));

        public static HttpContent Invalid(MatrixWorld w, MatrixActor a) =>
            JsonContent($$"""{"decision":"invalid","comment":"matrix {{a}}"}""");

        public static HttpContent Gold(MatrixWorld w, MatrixActor a) =>
            JsonContent("""[{"id":"g1","from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["Negative"]}}]""");

        public static HttpContent ConflictRule(MatrixWorld w, MatrixActor a) =>
            System.Net.Http.Json.JsonContent.Create(ConflictSettings.Default);

        private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

        private static StringContent Raw(string body, string contentType)
        {
            var content = new StringContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return content;
        }
    }
}
