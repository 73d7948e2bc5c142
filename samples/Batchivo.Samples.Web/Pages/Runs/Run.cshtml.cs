using Batchivo.Devices;
using Batchivo.Production;
using Batchivo.Samples.Web.Feed;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Pages.Runs;

/// <summary>
/// One run and its workflow, a step at a time: the plate (products and spools), weigh before, start, weigh after,
/// outcomes and measured waste, then complete, fail or cancel. Every form carries the run's version, so a form left
/// open while someone else changed the run is refused (nothing stored) rather than applied to a run it did not show.
/// </summary>
[RequestSizeLimit(Api.RunsApi.MaxSlicerFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Api.RunsApi.MaxSlicerFileBytes)]
internal sealed class RunModel(RunService runs, WeighingService weighing, CatalogService catalog, AnalyticsService analytics, IScaleDirectory scales, ChangeFeed feed, Hosting.BatchivoDevices devices) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public int Number { get; set; }

    /// <summary>The run's version the form was made from.</summary>
    [BindProperty]
    public long Version { get; set; }

    public RunJson Run { get; private set; } = null!;

    public IReadOnlyList<PreflightJson> Warnings { get; private set; } = [];

    public IReadOnlyList<ProductJson> Products { get; private set; } = [];

    /// <summary>Spools that can go on the plate: not on it, and not in another run.</summary>
    public IReadOnlyList<SpoolJson> FreeSpools { get; private set; } = [];

    public IReadOnlyList<string> Scales => scales.ScaleNames;

    public bool IsDraft => Run.Status == RunStatus.Draft;

    public bool IsPrinting => Run.Status == RunStatus.InProgress;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAddProductAsync(string? sku, string? quantity, CancellationToken ct) =>
        ChangeAsync("add-product", () => runs.AddProductToRunAsync(Ref, Required(sku, "Product"), Show.ParseInt(quantity, "Quantity") ?? 1, cancellationToken: ct), ct);

    public Task<IActionResult> OnPostRemoveProductAsync(string sku, CancellationToken ct) =>
        ChangeAsync("items", () => runs.RemoveProductFromRunAsync(Ref, sku, ct), ct);

    public Task<IActionResult> OnPostAssignSpoolAsync(string? spool, CancellationToken ct) =>
        ChangeAsync("assign-spool", () => runs.AssignSpoolAsync(Ref, Required(spool, "Spool"), cancellationToken: ct), ct);

    public Task<IActionResult> OnPostUnassignSpoolAsync(string spool, CancellationToken ct) =>
        ChangeAsync("spools", () => runs.UnassignSpoolAsync(Ref, spool, ct), ct);

    /// <summary>A weight before or after, typed or read from a scale (its readings go to the live feed as they come).</summary>
    public Task<IActionResult> OnPostWeighAsync(string spool, string when, string? grams, string? scale, CancellationToken ct) =>
        ChangeAsync(Show.Id($"weigh-{when}-{spool}"), async () =>
        {
            var point = when == "after" ? WeighingPoint.After : WeighingPoint.Before;
            if (!string.IsNullOrEmpty(scale))
            {
                await weighing.WeighAsync(Ref, spool, point, ScaleSource.Named(scale, ScaleSource.DefaultTimeout, feed.Readings(scale, Number, spool)), ct);
                return;
            }

            var mass = Mass.FromGrams(Show.Parse(grams, "Weight") ?? throw new FormatException("Weight: type the spool's weight in grams, e.g. 850, or read it from the scale."));
            await (point == WeighingPoint.Before ? weighing.RecordWeightBeforeAsync(Ref, spool, mass, ct) : weighing.RecordWeightAfterAsync(Ref, spool, mass, ct));
        }, ct);

    /// <summary>A slicer file's estimate for a draft (as the API's upload): the file read by the host's slicer readers, its filaments mapped to the run's spools.</summary>
    public Task<IActionResult> OnPostEstimateAsync(IFormFile? file, string? plate, string? map, CancellationToken ct) =>
        ChangeAsync("estimate", async () =>
        {
            if (file is not { Length: > 0 })
            {
                throw new Api.BadRequestException("file", "Choose the slicer's file (G-code, .bgcode or a sliced 3MF) to upload.");
            }

            var name = Path.GetFileName(file.FileName) is { Length: > 0 } given ? given : "upload";
            await using var content = file.OpenReadStream();
            var result = await devices.ReadSlicerFileAsync(content, name, new SlicerReadOptions(Show.ParseInt(plate, "Plate")), ct);
            if (!result.Success)
            {
                throw new Api.BadRequestException("file", result.Error ?? $"{name} gives no estimate.");
            }

            await runs.ApplySlicedJobAsync(Ref, result.Job!, name, SlicedJobs.ParsePairs([map], "Mapping", "1=PLA-001"), ct);
        }, ct);

    public Task<IActionResult> OnPostStartAsync(CancellationToken ct) =>
        ChangeAsync("start", () => runs.StartAsync(Ref, ct), ct);

    public Task<IActionResult> OnPostOutcomeAsync(string sku, string? successful, string? failed, CancellationToken ct) =>
        ChangeAsync(Show.Id($"outcome-{sku}"), () => runs.RecordOutcomeAsync(Ref, sku, Show.ParseInt(successful, "Successful") ?? 0, Show.ParseInt(failed, "Failed") ?? 0, ct), ct);

    public Task<IActionResult> OnPostWasteAsync(string spool, string? supports, string? purge, string? tower, CancellationToken ct) =>
        ChangeAsync(Show.Id($"waste-{spool}"), () => runs.RecordMeasuredWasteAsync(Ref, spool, Show.ParseGrams(supports, "Supports"), Show.ParseGrams(purge, "Purge"), Show.ParseGrams(tower, "Tower"), ct), ct);

    public Task<IActionResult> OnPostCompleteAsync(string? quality, string? notes, CancellationToken ct) =>
        ChangeAsync("end", async () =>
        {
            var stars = Show.ParseInt(quality, "Quality");
            await runs.CompleteAsync(Ref, stars is { } s ? new QualityRating(s) : null, Show.Optional(notes), ct);
            return $"/runs/{Number}/report";
        }, ct);

    public Task<IActionResult> OnPostFailAsync(string? notes, CancellationToken ct) =>
        ChangeAsync("end", async () => { await runs.FailAsync(Ref, Show.Optional(notes), ct); return $"/runs/{Number}/report"; }, ct);

    public Task<IActionResult> OnPostCancelAsync(string? notes, CancellationToken ct) =>
        ChangeAsync("end", () => runs.CancelAsync(Ref, Show.Optional(notes), ct), ct);

    public Task<IActionResult> OnPostNotesAsync(string? notes, CancellationToken ct) =>
        ChangeAsync("notes", () => runs.SetNotesAsync(Ref, Show.Optional(notes), ct), ct);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(Number, cancellationToken);
        Run = Shapes.Run(run, run.OriginalRunId is null ? null : await analytics.FindOriginalRunNumberAsync(run, cancellationToken));
        Version = run.Version;
        ViewData["Title"] = $"Run #{Number}";
        if (run.Status is RunStatus.Draft or RunStatus.InProgress)
        {
            Warnings = [.. (await runs.PreflightAsync(Number, cancellationToken)).Select(x => new PreflightJson(x.SpoolCode, Shapes.G(x.Remaining), Shapes.G(x.Needed), x.Message))];
        }

        if (run.Status == RunStatus.Draft && CanWrite)
        {
            Products = [.. (await catalog.ListProductsAsync(cancellationToken)).Select(Shapes.Product)];
            var tares = await catalog.GetBrandTaresAsync(cancellationToken);
            FreeSpools = [.. (await catalog.ListSpoolsAsync(cancellationToken))
                .Where(s => s.ActiveRunId is null && !run.Materials.Any(m => string.Equals(m.SpoolCode, s.Code, StringComparison.OrdinalIgnoreCase)))
                .Select(s => Shapes.Spool(s, tares))];
        }
    }

    private RunRef Ref => new(Number, Version);

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{field}: choose one.") : value.Trim();
}
