using System.Text.Json;
using System.Text.Json.Nodes;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Samples.Contracts.Tests;

/// <summary>
/// The documents both sample hosts return (the console's <c>--json</c>, the web API), shaped from real entities made
/// through Core's services on Core's in-memory store, and written with <see cref="ContractJson.Options"/>.
/// </summary>
public sealed class ShapesTests
{
    [Fact]
    public async Task A_completed_run_is_written_with_camel_case_names_kebab_case_status_and_its_weighed_figures()
    {
        var (service, number) = await CompletedRunAsync(before: 850m, after: 711m, successful: 3, failed: 0);
        var run = await service.Runs.GetRunAsync(number);

        var json = JsonNode.Parse(JsonSerializer.Serialize(Shapes.Run(run), ContractJson.Options))!;

        Assert.Equal("completed", json["status"]!.GetValue<string>());
        Assert.Equal("P1S-1", json["printer"]!.GetValue<string>());
        // 3 stands of 45 g were estimated; the spool lost 850 - 711 = 139 g: 4 g (2.963 %) over.
        Assert.Equal(135m, json["estimatedGrams"]!.GetValue<decimal>());
        Assert.Equal(139m, json["actualGrams"]!.GetValue<decimal>());
        Assert.Equal(4m, json["varianceGrams"]!.GetValue<decimal>());
        Assert.Equal(2.963m, json["variancePercent"]!.GetValue<decimal>());
        Assert.Equal(4, json["quality"]!.GetValue<int>());
        Assert.False(json["isReprint"]!.GetValue<bool>());
    }

    [Fact]
    public void Numbers_are_written_without_trailing_zeros_whatever_the_computation_left()
    {
        var printed = JsonSerializer.Serialize(new BrandTareJson("Bambu Lab", null, Shapes.G(new Mass(250.5000m))), ContractJson.Options);

        Assert.Contains("\"tareGrams\": 250.5", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("250.50", printed, StringComparison.Ordinal);
        Assert.Equal("1.5", Shapes.N(1.5000m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_document_reads_back_as_it_was_written()
    {
        var printer = Shapes.Printer(Printer.Create("X1C-1", "Bambu X1C", 4));

        var read = JsonSerializer.Deserialize<PrinterJson>(JsonSerializer.Serialize(printer, ContractJson.Options), ContractJson.Options);

        Assert.Equal(printer, read);
    }

    [Fact]
    public async Task Statistics_rates_are_written_as_percentages()
    {
        var (service, _) = await CompletedRunAsync(before: 850m, after: 711m, successful: 2, failed: 1);
        var statistics = await service.Analytics.GetStatisticsAsync(new StatisticsQuery());

        var json = JsonNode.Parse(JsonSerializer.Serialize(Shapes.Stats(statistics, null, null), ContractJson.Options))!;

        // 2 of 3 units came out well: 66.6667 %, where Core's statistics hold the ratio 0.666...
        Assert.Equal(66.6667m, json["unitSuccessRatePercent"]!.GetValue<decimal>());
        Assert.Equal(0m, json["runSuccessRatePercent"]!.GetValue<decimal>());
        Assert.Equal("STAND", json["topProducts"]![0]!["sku"]!.GetValue<string>());
    }

    private static async Task<(ProductionService Service, int Number)> CompletedRunAsync(decimal before, decimal after, int successful, int failed)
    {
        var service = new ProductionService(new InMemoryProductionStore());
        var pla = new MaterialSpec("PLA", "Black");
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(pla), new Mass(1000m), new Money(20m, "EUR")));
        await service.Catalog.AddProductAsync("STAND", "Phone stand", [new BomLine(pla, new Mass(45m))]);
        await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S", 4);
        var run = await service.Runs.CreateRunAsync("P1S-1");
        await service.Runs.AddProductToRunAsync(run.Number, "STAND", successful + failed);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", new Mass(before));
        await service.Runs.StartAsync(run.Number);
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", new Mass(after));
        await service.Runs.RecordOutcomeAsync(run.Number, "STAND", successful, failed);
        await service.Runs.CompleteAsync(run.Number, new QualityRating(4));
        return (service, run.Number);
    }
}
