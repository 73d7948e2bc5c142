using Batchivo.Devices;
using Batchivo.Production;
using Batchivo.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Batchivo.Samples.Web.Api;

/// <summary>A run's workflow: weigh before, start, weigh after, outcomes and waste, then complete, fail or cancel; and its report.</summary>
internal static class RunWorkflowApi
{
    /// <summary>The longest a weighing may wait for a scale to settle.</summary>
    private const decimal MaxTimeoutSeconds = 120m;

    public static void Map(RouteGroupBuilder run)
    {
        run.MapPost("/weights/before", (WeighingService s, RunService runs, IScaleDirectory scales, Feed.ChangeFeed f, Writes w, int number, WeighRequest r, CancellationToken ct) =>
            WeighAsync(s, runs, scales, f, w, number, WeighingPoint.Before, r, ct)).WithName("WeighBefore").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        run.MapPost("/weights/after", (WeighingService s, RunService runs, IScaleDirectory scales, Feed.ChangeFeed f, Writes w, int number, WeighRequest r, CancellationToken ct) =>
            WeighAsync(s, runs, scales, f, w, number, WeighingPoint.After, r, ct)).WithName("WeighAfter").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        run.MapPost("/start", StartAsync).WithName("StartRun");
        run.MapPost("/outcomes", (RunService s, Writes w, int number, OutcomeRequest r, CancellationToken ct) =>
            w.RunAsync(number, run => s.RecordOutcomeAsync(run, r.Sku, r.Successful, r.Failed, ct), ct)).WithName("RecordOutcome");
        run.MapPost("/waste", (RunService s, Writes w, int number, WasteRequest r, CancellationToken ct) =>
            w.RunAsync(number, run => s.RecordMeasuredWasteAsync(run, r.Spool, Grams(r.SupportsGrams), Grams(r.PurgeGrams), Grams(r.TowerGrams), ct), ct)).WithName("RecordWaste");
        run.MapPost("/complete", (RunService s, Writes w, int number, CompleteRequest? r, CancellationToken ct) =>
            w.RunAsync(number, run => s.CompleteAsync(run, r?.Quality is { } q ? new QualityRating(q) : null, r?.Notes, ct), ct)).WithName("CompleteRun");
        run.MapPost("/fail", (RunService s, Writes w, int number, EndRequest? r, CancellationToken ct) =>
            w.RunAsync(number, run => s.FailAsync(run, r?.Notes, ct), ct)).WithName("FailRun");
        run.MapPost("/cancel", (RunService s, Writes w, int number, EndRequest? r, CancellationToken ct) =>
            w.RunAsync(number, run => s.CancelAsync(run, r?.Notes, ct), ct)).WithName("CancelRun");
        run.MapGet("/report", async (AnalyticsService a, int number, CancellationToken ct) => TypedResults.Ok(Shapes.Report(await a.GetReportAsync(number, ct)))).WithName("GetReport");
        run.MapGet("/report.txt", async (AnalyticsService a, int number, CancellationToken ct) =>
        {
            var report = await a.GetReportAsync(number, ct);
            return TypedResults.Text(ReportRenderer.RenderResult(report) + Environment.NewLine + ReportRenderer.RenderVariance(report), "text/plain; charset=utf-8");
        }).WithName("GetReportText").Produces<string>(StatusCodes.Status200OK, "text/plain");
    }

    private static async Task<Ok<StartJson>> StartAsync(RunService runs, Writes w, HttpContext http, int number, CancellationToken ct)
    {
        var result = await runs.StartAsync(w.Ref(number), ct);
        return TypedResults.Ok(new StartJson(await w.ChangedAsync(result.Run, ct), [.. result.Warnings.Select(x => x.Message)]));
    }

    private static async Task<Ok<WeighingJson>> WeighAsync(WeighingService weighing, RunService runs, IScaleDirectory scales, Feed.ChangeFeed feed, Writes w, int number, WeighingPoint point, WeighRequest request, CancellationToken ct)
    {
        if (request.Scale is { } named && !scales.ScaleNames.Contains(named.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new BadRequestException("scale", $"There is no scale '{named}'. Configured scales: {(scales.ScaleNames.Count == 0 ? "none" : string.Join(", ", scales.ScaleNames))}; give one of them, or \"grams\" to type the weight.");
        }

        var source = (request.Grams, request.Scale) switch
        {
            ({ }, null) => null,
            (null, { } name) => ScaleSource.Named(name, Timeout(request.TimeoutSeconds), feed.Readings(name, number, request.Spool)),
            (null, null) => throw new BadRequestException("grams", "Say where the weight comes from: \"grams\" to type it, or \"scale\" to read a configured scale."),
            _ => throw new BadRequestException("scale", "Give either \"grams\" or \"scale\", not both."),
        };
        var target = w.Ref(number);
        var run = source is null
            ? point == WeighingPoint.Before
                ? await weighing.RecordWeightBeforeAsync(target, request.Spool, Mass.FromGrams(request.Grams!.Value), ct)
                : await weighing.RecordWeightAfterAsync(target, request.Spool, Mass.FromGrams(request.Grams!.Value), ct)
            : await weighing.WeighAsync(target, request.Spool, point, source, ct);
        var when = point == WeighingPoint.Before ? "before" : "after";
        var material = run.Materials.First(m => string.Equals(m.SpoolCode, request.Spool.Trim(), StringComparison.OrdinalIgnoreCase));
        var mass = point == WeighingPoint.Before ? material.WeightBefore!.Value : material.WeightAfter!.Value;
        var warnings = (await runs.PreflightAsync(number, ct))
            .Where(x => x.Kind == PreflightWarningKind.BelowTare && x.When == when && string.Equals(x.SpoolCode, material.SpoolCode, StringComparison.OrdinalIgnoreCase))
            .Select(x => x.Message).ToList();
        var shaped = await w.ChangedAsync(run, ct);
        return TypedResults.Ok(new WeighingJson(number, material.SpoolCode, when, Shapes.G(mass), source is null ? "typed" : "scale", request.Scale, shaped, warnings));
    }

    private static TimeSpan Timeout(decimal? seconds) => seconds switch
    {
        null => ScaleSource.DefaultTimeout,
        > 0m and <= MaxTimeoutSeconds => TimeSpan.FromSeconds((double)seconds.Value),
        _ => throw new BadRequestException("timeoutSeconds", $"timeoutSeconds must be above 0 and at most {MaxTimeoutSeconds}; {seconds} was given."),
    };

    private static Mass? Grams(decimal? grams) => grams is { } g ? Mass.FromGrams(g) : null;
}
