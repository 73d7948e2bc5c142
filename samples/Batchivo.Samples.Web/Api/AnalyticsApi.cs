using Batchivo.Hosting;
using Batchivo.Production;
using Batchivo.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Batchivo.Samples.Web.Api;

/// <summary>Statistics, BOM calibration and the plugins the host loaded.</summary>
internal static class AnalyticsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/statistics", StatisticsAsync).WithTags("Statistics").WithName("GetStatistics")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var calibration = api.MapGroup("/calibration").WithTags("Calibration");
        calibration.MapGet("/", SuggestionsAsync).WithName("GetCalibrationSuggestions").ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        calibration.MapPost("/{id}/apply", ApplyAsync).WithName("ApplyCalibration").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/plugins", (PluginDiagnostics diagnostics) => TypedResults.Ok(new PluginsJson(
            [.. diagnostics.Loaded.Select(p => new LoadedPluginJson(p.Name, p.Version, p.File, p.Provides))],
            [.. diagnostics.Refused.Select(r => new RefusedPluginJson(r.Name, r.File, r.Reason.ToString(), r.Message))])))
            .WithTags("Plugins").WithName("ListPlugins");
    }

    private static async Task<Ok<StatsJson>> StatisticsAsync(AnalyticsService analytics, CatalogService catalog, DateTimeOffset? from, DateTimeOffset? to, string? printer, string? product, int? top, CancellationToken ct)
    {
        var printerId = printer is null ? (PrinterId?)null : (await catalog.GetPrinterAsync(printer, ct)).Id;
        var productId = product is null ? (ProductId?)null : (await catalog.GetProductAsync(product, ct)).Id;
        var stats = await analytics.GetStatisticsAsync(new StatisticsQuery(from, to, printerId, productId, top ?? 5), ct);
        return TypedResults.Ok(Shapes.Stats(stats, printer, product));
    }

    private static async Task<Ok<CalibrateJson>> SuggestionsAsync(AnalyticsService analytics, int? minRuns, CancellationToken ct)
    {
        var suggestions = await analytics.GetCalibrationSuggestionsAsync(Options(minRuns), ct);
        return TypedResults.Ok(new CalibrateJson([.. suggestions.Select(Shapes.Suggestion)], null, null));
    }

    private static async Task<Ok<CalibrateJson>> ApplyAsync(AnalyticsService analytics, string id, int? minRuns, CancellationToken ct)
    {
        var suggestions = await analytics.GetCalibrationSuggestionsAsync(Options(minRuns), ct);
        var applied = suggestions.FirstOrDefault(x => string.Equals(Shapes.SuggestionId(x), id.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException("calibration suggestion", id);
        var product = await analytics.ApplyCalibrationAsync(applied, ct);
        return TypedResults.Ok(new CalibrateJson([.. suggestions.Select(Shapes.Suggestion)], Shapes.Suggestion(applied), Shapes.Product(product)));
    }

    private static CalibrationOptions Options(int? minRuns)
    {
        var options = minRuns is { } m ? new CalibrationOptions { MinRuns = m } : new CalibrationOptions();
        options.Validate();
        return options;
    }
}

/// <summary>The plugins the host loaded and the ones it refused, with the reason.</summary>
public sealed record PluginsJson(IReadOnlyList<LoadedPluginJson> Loaded, IReadOnlyList<RefusedPluginJson> Refused);

/// <summary>A loaded plugin.</summary>
public sealed record LoadedPluginJson(string Name, string Version, string? File, IReadOnlyList<string> Provides);

/// <summary>A refused plugin.</summary>
public sealed record RefusedPluginJson(string Name, string File, string Reason, string Message);
