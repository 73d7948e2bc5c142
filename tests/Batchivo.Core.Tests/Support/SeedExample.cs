using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.Extensions.Time.Testing;

namespace Batchivo.Core.Tests.Support;

/// <summary>
/// The example of the production-runs page, driven through <see cref="ProductionService"/>:
/// run #42 prints 3 Phone Stands (PLA Black, 45 g each, 5 g of it supports) and 10 Cable Clips (PLA White, 5 g each)
/// on a Bambu P1S from PLA-001 (850 g before) and PLA-002 (420 g before).
/// </summary>
public sealed class SeedExample
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public SeedExample(Batchivo.Devices.IScaleDirectory? scales = null)
    {
        Store = new InMemoryStore();
        Time = new FakeTimeProvider(Start);
        Service = new ProductionService(Store, Time, scales);
    }

    public InMemoryStore Store { get; }

    public FakeTimeProvider Time { get; }

    public ProductionService Service { get; }

    public static MaterialSpec Black { get; } = new("PLA", "Black");

    public static MaterialSpec White { get; } = new("PLA", "White");

    /// <summary>Printer P1S-1, spools PLA-001/PLA-002, products STAND/CLIP (and COASTER for the multi-colour example).</summary>
    public async Task CatalogAsync()
    {
        await Service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S", 4);
        await Service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(Black, "Bambu Lab", "#000000"), Mass.FromGrams(1000), new Money(25.00m, "USD"), Tare: Mass.FromGrams(250)));
        await Service.Catalog.AddSpoolAsync(new NewSpool("PLA-002", new Material(White, "Bambu Lab", "#FFFFFF"), Mass.FromGrams(1000), new Money(20.00m, "USD"), Tare: Mass.FromGrams(250)));
        await Service.Catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(Black, Mass.FromGrams(45), Mass.FromGrams(5))]);
        await Service.Catalog.AddProductAsync("CLIP", "Cable Clip", [new BomLine(White, Mass.FromGrams(5))]);
        await Service.Catalog.AddProductAsync("COASTER", "Logo Coaster", [new BomLine(Black, Mass.FromGrams(45)), new BomLine(White, Mass.FromGrams(12))]);
    }

    /// <summary>Run #42 as a draft with products, spools and weights before.</summary>
    public async Task<int> DraftAsync()
    {
        Store.StartNumbersAfter(41);
        var run = await Service.Runs.CreateRunAsync("P1S-1", TimeSpan.FromMinutes(270));
        await Service.Runs.AddProductToRunAsync(run.Number, "STAND", 3);
        await Service.Runs.AddProductToRunAsync(run.Number, "CLIP", 10);
        await Service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await Service.Runs.AssignSpoolAsync(run.Number, "PLA-002");
        await Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", Mass.FromGrams(850));
        await Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-002", Mass.FromGrams(420));
        return run.Number;
    }

    /// <summary>Run #42 printed and weighed after, outcomes recorded, not yet completed.</summary>
    public async Task<int> PrintedAsync()
    {
        var number = await DraftAsync();
        await Service.Runs.StartAsync(number);
        Time.Advance(TimeSpan.FromMinutes(280));
        await Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Mass.FromGrams(711));
        await Service.Weighing.RecordWeightAfterAsync(number, "PLA-002", Mass.FromGrams(367));
        await Service.Runs.RecordMeasuredWasteAsync(number, "PLA-001", supports: Mass.FromGrams(18), purge: Mass.FromGrams(3), tower: null);
        await Service.Runs.RecordMeasuredWasteAsync(number, "PLA-002", supports: null, purge: Mass.FromGrams(2), tower: null);
        await Service.Runs.RecordOutcomeAsync(number, "STAND", 3, 0);
        await Service.Runs.RecordOutcomeAsync(number, "CLIP", 9, 1);
        return number;
    }

    /// <summary>Run #42 completed with 4 stars and the page's note.</summary>
    public async Task<int> CompletedAsync()
    {
        var number = await PrintedAsync();
        await Service.Runs.CompleteAsync(number, new QualityRating(4), "Minor stringing on cable clips");
        return number;
    }

    /// <summary>The multi-colour example: one Logo Coaster (45 g black, 12 g white) with 8 g and 5 g of purge.</summary>
    public async Task<int> MultiColourAsync()
    {
        var run = await Service.Runs.CreateRunAsync("P1S-1");
        await Service.Runs.AddProductToRunAsync(run.Number, "COASTER", 1);
        await Service.Runs.AssignSpoolAsync(run.Number, "PLA-001", estimatedPurge: Mass.FromGrams(8));
        await Service.Runs.AssignSpoolAsync(run.Number, "PLA-002", estimatedPurge: Mass.FromGrams(5));
        await Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", Mass.FromGrams(711));
        await Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-002", Mass.FromGrams(367));
        await Service.Runs.StartAsync(run.Number);
        Time.Advance(TimeSpan.FromMinutes(95));
        await Service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", Mass.FromGrams(658));
        await Service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-002", Mass.FromGrams(350));
        await Service.Runs.RecordOutcomeAsync(run.Number, "COASTER", 1, 0);
        await Service.Runs.CompleteAsync(run.Number, new QualityRating(5));
        return run.Number;
    }
}
