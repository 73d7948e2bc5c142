using Batchivo.Hosting;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Polly;

namespace Batchivo.Samples.Web.Api;

/// <summary>Runs: list, create, the plate (products and spools), notes and reprints. The workflow is in <see cref="RunWorkflowApi"/>.</summary>
internal static class RunsApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");
        runs.MapGet("/", ListAsync).WithName("ListRuns").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/", CreateAsync).WithName("CreateRun").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        runs.MapGet("/{number:int}", GetAsync).WithName("GetRun").ProducesProblem(StatusCodes.Status404NotFound);

        var run = runs.MapGroup("/{number:int}")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        run.MapPost("/products", (RunService s, Writes w, int number, RunProductRequest r, CancellationToken ct) =>
            w.RunAsync(number, run => s.AddProductToRunAsync(run, r.Sku, r.Quantity, r.BedPosition, ct), ct)).WithName("AddProductToRun");
        run.MapDelete("/products/{sku}", (RunService s, Writes w, int number, string sku, CancellationToken ct) =>
            w.RunAsync(number, run => s.RemoveProductFromRunAsync(run, sku, ct), ct)).WithName("RemoveProductFromRun");
        run.MapPut("/products/{sku}", (RunService s, Writes w, int number, string sku, QuantityRequest r, CancellationToken ct) =>
            w.RunAsync(number, run => s.SetQuantityAsync(run, sku, r.Quantity, ct), ct)).WithName("SetQuantity");
        run.MapGet("/preflight", async (RunService s, int number, CancellationToken ct) => TypedResults.Ok(new CheckJson(
            number, [.. (await s.PreflightAsync(number, ct)).Select(x => new PreflightJson(x.SpoolCode, Shapes.G(x.Remaining), Shapes.G(x.Needed), x.Message))])))
            .WithName("Preflight");
        run.MapPost("/spools", (RunService s, Writes w, int number, RunSpoolRequest r, CancellationToken ct) =>
            w.RunAsync(number, run => s.AssignSpoolAsync(run, r.Spool, Grams(r.PurgeGrams), Grams(r.TowerGrams), ct), ct)).WithName("AssignSpool");
        run.MapDelete("/spools/{code}", (RunService s, Writes w, int number, string code, CancellationToken ct) =>
            w.RunAsync(number, run => s.UnassignSpoolAsync(run, code, ct), ct)).WithName("UnassignSpool");
        run.MapPut("/notes", (RunService s, Writes w, int number, NotesRequest r, CancellationToken ct) =>
            w.RunAsync(number, run => s.SetNotesAsync(run, r.Notes, ct), ct)).WithName("SetRunNotes");
        run.MapPost("/reprint", ReprintAsync).WithName("ReprintRun");

        // A multipart upload authenticated by the API key (no cookie), so no antiforgery token; G-code can be large.
        // No Accepts<> metadata: its content-type check would answer 415 before authentication answers 401.
        run.MapPost("/estimate", EstimateAsync).WithName("EstimateFromSlicerFile").DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxSlicerFileBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxSlicerFileBytes);
        return run;
    }

    /// <summary>The largest slicer file the API takes: 1 GiB.</summary>
    public const long MaxSlicerFileBytes = 1L << 30;

    /// <summary>
    /// Reads an uploaded slicer file (form field <c>file</c>; <c>plate</c>; <c>map</c> as <c>1=PLA-001</c>, repeated) with
    /// the loaded readers and replaces the draft run's estimates with it. A file no reader can use is a 422 problem
    /// whose <c>outcome</c> says why (not-recognised, truncated, no-estimate, no-slice-info, no-such-plate).
    /// </summary>
    private static async Task<IResult> EstimateAsync(RunService runs, BatchivoDevices devices, Writes w, HttpRequest request, int number, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new BadRequestException("file", "Upload the slicer file as multipart/form-data in the field 'file' (curl -F file=@part.gcode).");
        }

        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            throw new BadRequestException("file", "The form has no file 'file', or it is empty. Upload the G-code, .bgcode or 3MF the slicer wrote as 'file'.");
        }

        int? plate = null;
        if (form["plate"] is { Count: > 0 } plateText)
        {
            plate = int.TryParse(plateText[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p >= 1
                ? p : throw new BadRequestException("plate", $"plate '{plateText[0]}' is not a plate number. Plates are numbered from 1.");
        }

        var map = SlicedJobs.ParsePairs(form["map"], "map", "1=PLA-001");

        var name = Path.GetFileName(file.FileName) is { Length: > 0 } given ? given : "upload";
        await using var content = file.OpenReadStream();
        var result = await devices.ReadSlicerFileAsync(content, name, new Devices.SlicerReadOptions(plate), ct);
        if (!result.Success)
        {
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The file gives no estimate",
                Detail = result.Error,
                Extensions = { ["outcome"] = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(result.Outcome.ToString()) },
            });
        }

        return await w.RunAsync(number, run => runs.ApplySlicedJobAsync(run, result.Job!, name, map, ct), ct);
    }

    private static async Task<Ok<PageJson<RunJson>>> ListAsync(RunService runs, CatalogService catalog, Writes w, string? status, string? printer, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size, skip) = Paging.Window(page, pageSize);
        var printerId = printer is null ? (PrinterId?)null : (await catalog.GetPrinterAsync(printer, ct)).Id;
        var window = await runs.ListRunsAsync(new RunQuery(Status: Status(status), PrinterId: printerId, Skip: skip, Take: size + 1), ct);
        var shaped = new List<RunJson>(window.Count);
        foreach (var r in window)
        {
            shaped.Add(await w.ShapeAsync(r, ct));
        }

        return TypedResults.Ok(Paging.From(shaped, p, size));
    }

    private static async Task<Ok<RunJson>> GetAsync(RunService runs, Writes w, HttpContext http, int number, CancellationToken ct)
    {
        var run = await runs.GetRunAsync(number, ct);
        ETags.Set(http, run.Version);
        return TypedResults.Ok(await w.ShapeAsync(run, ct));
    }

    private static async Task<Created<RunJson>> CreateAsync(RunService runs, Writes w, HttpContext http, NewRunRequest request, CancellationToken ct)
    {
        var hours = request.EstimatedHours is { } h ? TimeSpan.FromHours((double)h) : (TimeSpan?)null;
        var run = await runs.CreateRunAsync(request.Printer, hours, request.Notes, ct);
        return TypedResults.Created($"/api/runs/{run.Number}", await w.ChangedAsync(run, ct));
    }

    private static async Task<Created<RunJson>> ReprintAsync(RunService runs, Writes w, HttpContext http, int number, ReprintRequest? request, CancellationToken ct)
    {
        var reprint = await runs.ReprintAsync(w.Ref(number), request?.Printer, ct);
        return TypedResults.Created($"/api/runs/{reprint.Number}", await w.ChangedAsync(reprint, ct));
    }

    private static Mass? Grams(decimal? grams) => grams is { } g ? Mass.FromGrams(g) : null;

    // A status as the documents write it (in-progress), or its name (InProgress).
    private static RunStatus? Status(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var name = text.Replace("-", string.Empty, StringComparison.Ordinal);
        return Enum.GetValues<RunStatus>().FirstOrDefault(s => string.Equals(s.ToString(), name, StringComparison.OrdinalIgnoreCase)) is var status && string.Equals(status.ToString(), name, StringComparison.OrdinalIgnoreCase)
            ? status
            : throw new BadRequestException("status", $"status '{text}' is not a run status. Give draft, in-progress, completed, failed or cancelled.");
    }
}

/// <summary>
/// A write to one run, at the version the request's <c>If-Match</c> names (if any): the service refuses a run that
/// changed since (412, nothing stored), in the same commit that checks every other writer. The answer is the run's new
/// document and <c>ETag</c>.
/// </summary>
internal sealed class Writes(AnalyticsService analytics, IHttpContextAccessor http, [FromKeyedServices(BatchivoResilience.ConflictRetryKey)] ResiliencePipeline conflictRetry)
{
    /// <summary>
    /// A write to a run. Without <c>If-Match</c>, a write another writer got in before (a concurrency conflict, nothing
    /// stored) is tried again through Batchivo's conflict retry: each try reads the run as it is now and checks the
    /// rules again. With <c>If-Match</c> the client asked for that version only, so the conflict is its answer (412).
    /// </summary>
    public async Task<Ok<RunJson>> RunAsync(int number, Func<RunRef, Task<ProductionRun>> write, CancellationToken ct)
    {
        var at = Ref(number);
        var run = at.ExpectedVersion is null
            ? await conflictRetry.ExecuteAsync(async _ => await write(at), ct)
            : await write(at);
        return TypedResults.Ok(await ChangedAsync(run, ct));
    }

    /// <summary>The run's document after a write, with its ETag set (the live feed learns of the write from the store's change log).</summary>
    public async Task<RunJson> ChangedAsync(ProductionRun run, CancellationToken ct)
    {
        SetETag(run.Version);
        return await ShapeAsync(run, ct);
    }

    /// <summary>The run at the version <c>If-Match</c> names; any version without one (or with <c>*</c>).</summary>
    public RunRef Ref(int number) => new(number, ETags.ExpectedVersion(http.HttpContext!));

    public void SetETag(long version) => ETags.Set(http.HttpContext!, version);

    public async Task<RunJson> ShapeAsync(ProductionRun run, CancellationToken ct) =>
        Shapes.Run(run, run.OriginalRunId is null ? null : await analytics.FindOriginalRunNumberAsync(run, ct));
}
