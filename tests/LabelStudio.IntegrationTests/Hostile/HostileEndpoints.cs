using System.Text;

namespace LabelStudio.IntegrationTests.Hostile;

/// <summary>What an endpoint reads from its body.</summary>
public enum BodyKind { Json, File, Form, None }

/// <summary>
/// One endpoint that takes a request: its method and route pattern (as the app registers it), the address to call
/// (placeholders {project}, {task}, {user}, {annotation}, {dataset} are filled with real ids), what its body is, and hostile bodies
/// of the right shape with values that must still be refused.
/// </summary>
public sealed record HostileEndpoint(string Method, string Pattern, string Address, BodyKind Body, IReadOnlyList<HostileBody> Shaped)
{
    public override string ToString() => $"{Method} {Pattern}";

    public IReadOnlyList<HostileBody> Bodies => Body switch
    {
        BodyKind.Json => [.. HostileInputs.MalformedJson, .. Shaped],
        BodyKind.File => [.. HostileInputs.MalformedFiles, .. Shaped],
        BodyKind.Form => Shaped,
        _ => [],
    };
}

/// <summary>
/// Every endpoint of the app that takes a body, with the hostile bodies it is run against. A new POST, PUT or PATCH
/// endpoint without a row here fails <c>HostileInputTests.Corpus_CoversEveryEndpointThatTakesABody</c>.
/// </summary>
public static class HostileEndpoints
{
    private static HostileBody Json(string name, string text) => new(name, Encoding.UTF8.GetBytes(text), "application/json");

    private static string Project(string config, string name = "Hostile project") =>
        System.Text.Json.JsonSerializer.Serialize(new { name, labelConfig = config });

    private static readonly HostileBody[] Forms =
    [
        new("form without antiforgery token", Encoding.UTF8.GetBytes("_handler=login&Input.Email=a%40b.c&Input.Password=x"), "application/x-www-form-urlencoded"),
        new("form of garbage", Encoding.UTF8.GetBytes("%%%%&&&==="), "application/x-www-form-urlencoded"),
        new("JSON instead of a form", Encoding.UTF8.GetBytes("{\"email\":\"a@b.c\"}"), "application/json"),
    ];

    public static IReadOnlyList<HostileEndpoint> All { get; } =
    [
        new("POST", "/api/auth/token", "/api/auth/token", BodyKind.Json,
            [Json("unknown user", "{\"email\":\"nobody@hostile.test\",\"password\":\"wrong-password-1\"}")]),
        new("POST", "/api/projects", "/api/projects", BodyKind.Json,
        [
            Json("20,000 nested views", Project(HostileInputs.NestedViews(20_000))),
            Json("billion laughs", Project(HostileInputs.BillionLaughs)),
            Json("huge name", Project("<View/>", new string('n', 100_000))),
            Json("negative overlap", "{\"name\":\"Negative\",\"labelConfig\":\"<View/>\",\"overlap\":-5}"),
            Json("unknown order", "{\"name\":\"Order\",\"labelConfig\":\"<View/>\",\"order\":\"Sideways\"}"),
        ]),
        new("PUT", "/api/projects/{id:long}", "/api/projects/{project}", BodyKind.Json,
            [Json("20,000 nested views", Project(HostileInputs.NestedViews(20_000))), Json("billion laughs", Project(HostileInputs.BillionLaughs))]),
        new("POST", "/api/projects/validate", "/api/projects/validate", BodyKind.Json,
        [
            Json("20,000 nested views", "{\"labelConfig\":\"" + HostileInputs.NestedViews(20_000).Replace("\"", "\\\"") + "\"}"),
            Json("billion laughs", System.Text.Json.JsonSerializer.Serialize(new { labelConfig = HostileInputs.BillionLaughs })),
            Json("configuration over a million characters", "{\"labelConfig\":\"<View>" + new string(' ', 1_100_000) + "</View>\"}"),
        ]),
        new("PUT", "/api/projects/{id:long}/members", "/api/projects/{project}/members", BodyKind.Json,
            [Json("unknown user", "{\"userId\":\"no-such-user\",\"role\":\"Rater\"}"), Json("unknown role", "{\"userId\":\"{user}\",\"role\":\"Overlord\"}")]),
        new("POST", "/api/projects/{id:long}/import", "/api/projects/{project}/import?fileName=hostile.jsonl", BodyKind.File,
        [
            .. HostileInputs.UnreadableTasks,
            HostileInputs.Tasks("region value a string",
                "{\"data\":{\"text\":\"a\"},\"annotations\":[{\"result\":[{\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":\"Positive\"}]}]}"),
        ]),
        new("POST", "/api/tasks/{id:long}/annotations", "/api/tasks/{task}/annotations", BodyKind.Json,
        [
            Json("deep result", "{\"result\":" + HostileInputs.DeepArray(5000) + "}"),
            Json("NaN lead time as text", "{\"result\":[],\"lead_time\":\"NaN\"}"),
            Json("lead time 1e999", "{\"result\":[],\"lead_time\":1e999}"),
            Json("result for a control that does not exist", "{\"result\":[{\"id\":\"x\",\"from_name\":\"nope\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{\"choices\":[\"A\"]}}]}"),
            Json("overlong idempotency key", "{\"result\":[],\"idempotency_key\":\"" + new string('k', 5000) + "\"}"),
        ]),
        new("PUT", "/api/tasks/{id:long}/draft", "/api/tasks/{task}/draft", BodyKind.Json,
        [
            Json("deep result", "{\"result\":" + HostileInputs.DeepArray(5000) + "}"),
            Json("lead time 1e999", "{\"result\":[],\"lead_time\":1e999}"),
            Json("revises someone else's answer", "{\"result\":[],\"revises_id\":999999999}"),
            Json("no entities of the wrong type", "{\"result\":[],\"no_entities\":[{\"a\":1}]}"),
        ]),
        new("POST", "/api/annotations/{id:long}/revisions", "/api/annotations/{annotation}/revisions", BodyKind.Json,
        [
            Json("deep result", "{\"result\":" + HostileInputs.DeepArray(5000) + "}"),
            Json("lead time 1e999", "{\"result\":[],\"lead_time\":1e999}"),
            Json("result for a control that does not exist", "{\"result\":[{\"id\":\"x\",\"from_name\":\"nope\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{\"choices\":[\"A\"]}}]}"),
            Json("overlong idempotency key", "{\"result\":[],\"idempotency_key\":\"" + new string('k', 5000) + "\"}"),
        ]),
        new("POST", "/api/tasks/{id:long}/resolution", "/api/tasks/{task}/resolution", BodyKind.Json,
        [
            Json("unknown decision", "{\"decision\":\"maybe\"}"),
            Json("accept without an answer", "{\"decision\":\"accept\"}"),
            Json("accept an answer that does not exist", "{\"decision\":\"accept\",\"annotation_id\":999999999}"),
            Json("edit with a deep result", "{\"decision\":\"edit\",\"result\":" + HostileInputs.DeepArray(5000) + "}"),
            Json("a thousand more ratings", "{\"decision\":\"more_ratings\",\"extra\":1000}"),
            Json("huge comment", "{\"decision\":\"invalid\",\"comment\":\"" + new string('c', 100_000) + "\"}"),
            Json("unknown field", "{\"decision\":\"invalid\",\"verdict\":\"guilty\"}"),
        ]),
        new("POST", "/api/me/tokens", "/api/me/tokens", BodyKind.Json,
        [
            Json("no name", "{}"),
            Json("blank name", "{\"name\":\"   \"}"),
            Json("huge name", "{\"name\":\"" + new string('t', 100_000) + "\"}"),
            Json("unknown field", "{\"name\":\"ok\",\"scopes\":[\"admin\"]}"),
        ]),
        new("POST", "/api/users", "/api/users", BodyKind.Json,
        [
            Json("huge email", "{\"email\":\"" + new string('a', 50_000) + "@x.test\",\"displayName\":\"\",\"role\":\"Rater\"}"),
            Json("unknown role", "{\"email\":\"wizard@hostile.test\",\"displayName\":\"\",\"role\":\"Wizard\"}"),
        ]),
        new("PUT", "/api/users/{id}/role", "/api/users/{user}/role", BodyKind.Json, [Json("unknown role", "{\"role\":\"Wizard\"}")]),
        new("POST", "/api/users/{id}/password", "/api/users/{user}/password", BodyKind.Json, [Json("too short", "{\"password\":\"x\"}")]),
        new("PUT", "/api/users/{id}/lock", "/api/users/{user}/lock", BodyKind.Json, []),
        new("PUT", "/api/projects/{id:long}/quality/settings", "/api/projects/{project}/quality/settings", BodyKind.Json,
            [Json("shares out of range", "{\"minMajorityShare\":7,\"minPosterior\":-1}")]),
        new("PUT", "/api/projects/{id:long}/validation/settings", "/api/projects/{project}/validation/settings", BodyKind.Json,
            [Json("thresholds out of range", "{\"lInfinityThreshold\":0,\"jensenShannonThreshold\":7}"),
             Json("thresholds not numbers", "{\"lInfinityThreshold\":\"NaN\",\"jensenShannonThreshold\":null}")]),
        new("POST", "/api/projects/{id:long}/validate", "/api/projects/{project}/validate?fileName=serving.jsonl", BodyKind.File, HostileInputs.UnreadableTasks),
        new("POST", "/api/datasets/{id:long}/validate", "/api/datasets/{dataset}/validate?fileName=serving.jsonl", BodyKind.File, HostileInputs.UnreadableTasks),
        new("PUT", "/api/tasks/{id:long}/gold", "/api/tasks/{task}/gold", BodyKind.Json,
        [
            Json("deep result", HostileInputs.DeepArray(5000)),
            Json("choice outside the configuration", "[{\"id\":\"g\",\"from_name\":\"sentiment\",\"to_name\":\"text\",\"type\":\"choices\",\"value\":{\"choices\":[\"Furious\"]}}]"),
        ]),
        new("POST", "/api/projects/{id:long}/feedback/ingest", "/api/projects/{project}/feedback/ingest?fileName=hostile.jsonl", BodyKind.File, []),
        new("POST", "/api/projects/{id:long}/feedback/seed", "/api/projects/{project}/feedback/seed?fileName=hostile.tsv", BodyKind.File,
            [new("grades that are not numbers", Encoding.UTF8.GetBytes("query_id\tdoc_id\tgrade\nq\td\tNaN\nq\td2\t1e999\n"), "text/tab-separated-values")]),
        new("POST", "/api/projects/{id:long}/feedback/catalog", "/api/projects/{project}/feedback/catalog?fileName=hostile.tsv", BodyKind.File,
            [new("unknown kind and a script address", Encoding.UTF8.GetBytes("kind\tid\ttext\ttitle\turl\nspell\tq1\tx\t\t\ndoc\td1\tx\tt\tjavascript:alert(1)\n"), "text/tab-separated-values")]),
        new("PUT", "/api/projects/{id:long}/feedback/settings", "/api/projects/{project}/feedback/settings", BodyKind.Json,
            [Json("values out of range", "{\"targetPrecision\":2,\"relevantMinGrade\":9,\"maxNewTasks\":-1}")]),
        new("POST", "/api/projects/{id:long}/datasets", "/api/projects/{project}/datasets", BodyKind.Json,
        [
            Json("unknown scope", "{\"scope\":\"everything\"}"),
            Json("split that does not add up", "{\"split\":{\"train\":0.9,\"validation\":0.9,\"test\":0.9}}"),
            Json("split of NaN as text", "{\"split\":{\"train\":\"NaN\",\"validation\":0,\"test\":0}}"),
            Json("unknown format", "{\"formats\":[\"exe\"]}"),
            Json("huge name", "{\"name\":\"" + new string('n', 100_000) + "\"}"),
            Json("unknown filter key", "{\"filter\":{\"sql\":\"1=1\"}}"),
            Json("dates the wrong way round", "{\"filter\":{\"from\":\"2030-01-01T00:00:00Z\",\"to\":\"2020-01-01T00:00:00Z\"}}"),
        ]),
        new("POST", "/Account/Login", "/Account/Login", BodyKind.Form, Forms),
        new("POST", "/Account/AccessDenied", "/Account/AccessDenied", BodyKind.Form, Forms),
        // They take no body (a body sent is ignored), listed so that the coverage check knows them.
        new("POST", "/api/projects/{id:long}/quality/recompute", "", BodyKind.None, []),
        new("POST", "/api/projects/{id:long}/feedback/recompute", "", BodyKind.None, []),
        new("POST", "/api/projects/{id:long}/feedback/ingests/{ingestId:long}/rollback", "", BodyKind.None, []),
        new("POST", "/api/jobs/{jobId:long}/cancel", "", BodyKind.None, []),
        new("POST", "/api/datasets/{id:long}/reproduce", "", BodyKind.None, []),
        new("POST", "/api/projects/{id:long}/members/{userId}/resume", "", BodyKind.None, []),
        new("POST", "/Account/Logout", "", BodyKind.None, []),
    ];
}
