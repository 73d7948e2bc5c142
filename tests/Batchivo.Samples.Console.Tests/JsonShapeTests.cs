using System.Text.Json;
using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>The --json documents keep their shapes: scripts rely on these property names.</summary>
public sealed class JsonShapeTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void Catalog_documents()
    {
        var spool = _host.Run("catalog", "spool", "add", "PLA-001", "--material", "PLA Black", "--brand", "Bambu Lab", "--price", "25", "--tare", "250", "--gross", "1240", "--json").Ok().Json;
        AssertShape(spool, "code", "material", "brand", "colourHex", "nominalNetGrams", "price", "tareGrams", "spoolType", "grossGrams", "remainingGrams", "usedGrams", "inUse", "version", "ledger");
        AssertShape(spool.GetProperty("price"), "amount", "currency");
        AssertShape(spool.GetProperty("ledger")[0], "sequence", "at", "kind", "what", "grossBeforeGrams", "grossAfterGrams", "deltaGrams", "runNumber", "note");
        Assert.Equal("weighed", spool.GetProperty("ledger")[0].GetProperty("kind").GetString());
        Assert.Equal(990m, spool.GetProperty("remainingGrams").GetDecimal());

        var product = _host.Run("catalog", "product", "add", "STAND", "--name", "Phone Stand", "--bom", "PLA Black:45:5", "--component", "M3 insert:2:0.1", "--print-minutes", "35", "--json").Ok().Json;
        AssertShape(product, "sku", "name", "gramsPerUnit", "bom", "components", "printMinutesPerUnit", "version");
        AssertShape(product.GetProperty("bom")[0], "material", "gramsPerUnit", "supportGramsPerUnit");
        AssertShape(product.GetProperty("components")[0], "name", "count", "unitCost");
        Assert.Equal(35m, product.GetProperty("printMinutesPerUnit").GetDecimal());

        var printer = _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--json").Ok().Json;
        AssertShape(printer, "name", "model", "materialSlots", "version");

        var tare = _host.Run("catalog", "brand-tare", "add", "Bambu Lab", "--tare", "250", "--json").Ok().Json;
        AssertShape(tare, "brand", "spoolType", "tareGrams");
    }

    [Fact]
    public void Run_report_and_statistics_documents()
    {
        _host.From(Seed.WithDraftRun);
        var weighing = _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850", "--json").Ok().Json;
        AssertShape(weighing, "run", "spool", "when", "grams", "source", "scale", "runAfter", "warnings");
        Assert.Equal("typed", weighing.GetProperty("source").GetString());
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();

        var start = _host.Run("run", "start", "1", "--json").Ok().Json;
        AssertShape(start, "run", "warnings");
        var run = start.GetProperty("run");
        AssertShape(run, "number", "status", "printer", "createdAt", "startedAt", "endedAt", "estimatedHours", "items", "spools", "estimatedGrams", "actualGrams", "varianceGrams", "variancePercent", "quality", "notes", "isReprint", "reprintOf", "estimateSource", "estimateSourceName", "version", "printerJob");
        AssertShape(run.GetProperty("items")[0], "sku", "name", "quantity", "estimatedGrams", "successful", "failed", "gramsPerUnit");
        Assert.Equal(45m, run.GetProperty("items")[0].GetProperty("gramsPerUnit").GetDecimal());
        AssertShape(run.GetProperty("spools")[0], "spool", "material", "estimatedGrams", "estimatedPurgeGrams", "estimatedTowerGrams", "weightBeforeGrams", "weightAfterGrams", "actualGrams", "varianceGrams", "measuredSupportsGrams", "measuredPurgeGrams", "measuredTowerGrams");
        Assert.Equal("in-progress", run.GetProperty("status").GetString());
        Assert.Equal(4.5m, run.GetProperty("estimatedHours").GetDecimal());

        _host.Run("run", "weigh", "after", "1", "PLA-001", "--grams", "711").Ok();
        _host.Run("run", "weigh", "after", "1", "PLA-002", "--grams", "367").Ok();
        _host.Run("run", "outcome", "1", "STAND", "--successful", "3").Ok();
        _host.Run("run", "outcome", "1", "CLIP", "--successful", "9", "--failed", "1").Ok();
        var completed = _host.Run("run", "complete", "1", "--quality", "4", "--json").Ok().Json;
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(3.7838m, completed.GetProperty("variancePercent").GetDecimal());

        var report = _host.Run("report", "1", "--json").Ok().Json;
        AssertShape(report, "number", "status", "printer", "isReprint", "reprintOf", "items", "estimatedGrams", "actualGrams", "varianceGrams", "variancePercent", "breakdown", "costVariance", "estimatedCost", "actualCost", "materials", "quality", "notes", "resultText", "varianceText");
        AssertShape(report.GetProperty("breakdown"), "totalGrams", "supportsGrams", "purgeTowerGrams", "modelGrams");
        AssertShape(report.GetProperty("materials")[0], "material", "actualUseGrams", "purgeGrams", "totalGrams");
        Assert.Equal(7m, report.GetProperty("varianceGrams").GetDecimal());
        Assert.Equal(4, report.GetProperty("quality").GetInt32());

        var stats = _host.Run("stats", "--json").Ok().Json;
        AssertShape(stats, "from", "to", "printer", "product", "runs", "completed", "failed", "cancelled", "inProgress", "draft", "unitsSuccessful", "unitsFailed", "unitSuccessRatePercent", "runSuccessRatePercent", "averageVariancePercent", "totalEstimatedGrams", "totalVarianceGrams", "totalVariancePercent", "materialUsedGrams", "wasteGrams", "purgeWasteGrams", "failedUnitsWasteGrams", "wasteSharePercent", "unitsPrinted", "reprintedUnits", "reprintRatePercent", "ratedRuns", "averageQuality", "topProducts", "busiestPrinters", "runsByQuality");
        Assert.Equal([0, 0, 0, 1, 0], stats.GetProperty("runsByQuality").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(92.3077m, stats.GetProperty("unitSuccessRatePercent").GetDecimal()); // 12 of 13 units, in percent like every other share
        Assert.Equal(0m, stats.GetProperty("runSuccessRatePercent").GetDecimal());
        AssertShape(stats.GetProperty("topProducts")[0], "sku", "name", "successfulUnits", "failedUnits", "runs");
        AssertShape(stats.GetProperty("busiestPrinters")[0], "name", "runs", "printHours");

        var calibrate = _host.Run("calibrate", "--json").Ok().Json;
        AssertShape(calibrate, "suggestions", "applied", "product");
    }

    [Fact]
    public void Plugins_document_lists_the_loaded_plugins()
    {
        var plugins = _host.Run("plugins", "--json").Ok().Json;
        AssertShape(plugins, "loaded", "refused");
        var names = plugins.GetProperty("loaded").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains(names, n => n!.Contains("Simulated", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(plugins.GetProperty("refused").EnumerateArray());
    }

    private static void AssertShape(JsonElement element, params string[] properties) =>
        Assert.Equal(properties.Order(StringComparer.Ordinal), element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

    public void Dispose() => _host.Dispose();
}
