using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;
using Batchivo.Production;
using Batchivo.Reporting;
using Batchivo.Statistics;

namespace Batchivo.Core.Tests.Production;

/// <summary>
/// Every quantity, weight, price, duration and text has a documented range (<see cref="Limits"/>), refused where it
/// enters with a message that names the value, the range and what to do; statistics never overflow.
/// </summary>
public sealed class RangeTests
{
    [Fact]
    public void A_bom_of_922337203685477_5808_g_per_unit_is_refused_naming_the_value_and_the_range()
    {
        var error = Assert.Throws<DomainRuleException>(() => Product.Create("HUGE", "Huge", [new BomLine(SeedExample.Black, Mass.FromGrams(922337203685477.5808m))]));

        Assert.Equal(DomainRule.OutOfRange, error.Rule);
        Assert.Contains("922337203685477.5808 g", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10000 g", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_run_with_such_a_bom_can_still_be_failed_and_reported()
    {
        // A run stored before the range existed: its figures are too large for 64-bit ten-thousandths.
        var plate = new DomainPlate().Started();
        var state = plate.Run.ToState();
        var huge = Mass.FromGrams(922337203685477.5808m);
        var item = state.Items[0] with { Quantity = 1, Bom = [new BomLine(SeedExample.Black, huge)] };
        var material = state.Materials[0] with { EstimatedModel = huge };
        var run = ProductionRun.Restore(state with { Items = [item, state.Items[1]], Materials = [material, state.Materials[1]] });
        run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(700));
        run.RecordWeightAfter(plate.White.Id, Mass.FromGrams(400));

        run.Fail(plate.Spools, DomainPlate.At(100));
        var report = RunReport.From(run);
        var text = ReportRenderer.RenderResult(report) + ReportRenderer.RenderVariance(report) + ReportRenderer.RenderMaterialTable(report);
        var statistics = StatisticsCalculator.Compute([run], new StatisticsQuery());

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("#42", text, StringComparison.Ordinal);
        Assert.Equal(170m, statistics.MaterialUsed.Grams);
    }

    [Fact]
    public async Task A_weight_of_99999999999999999999_g_is_refused_and_nothing_is_stored()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var commits = seed.Store.CommitCount;

        // As a weight before it was accepted, and the run later reported a variance of +232830643662.3 %.
        var error = await Assert.ThrowsAsync<DomainRuleException>(() => seed.Service.Weighing.RecordWeightBeforeAsync(number, "PLA-001", Mass.FromGrams(99999999999999999999m)));

        Assert.Equal(DomainRule.OutOfRange, error.Rule);
        Assert.Contains("99999999999999999999 g", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100000 g (100 kg)", error.Message, StringComparison.Ordinal);
        Assert.Equal(commits, seed.Store.CommitCount);
        Assert.Equal(850m, (await seed.Service.Runs.GetRunAsync(number)).Materials[0].WeightBefore!.Value.Grams);
        Assert.Equal(850m, (await seed.Service.Catalog.GetSpoolAsync("PLA-001")).GrossWeight!.Value.Grams);
    }

    [Fact]
    public void A_quantity_of_2147483647_is_refused_and_100000_is_the_most_accepted()
    {
        var plate = new DomainPlate();

        var error = plate.Refused<DomainRuleException>(() => plate.Run.AddItem(plate.Stand, int.MaxValue));
        plate.Run.AddItem(plate.Clip, Limits.MaxQuantity);

        Assert.Equal(DomainRule.OutOfRange, error.Rule);
        Assert.Contains("1 to 100000", error.Message, StringComparison.Ordinal);
        Assert.Contains("2147483647", error.Message, StringComparison.Ordinal);
        Assert.Equal(500_000m, plate.Run.EstimatedModelFromItems.Grams);
    }

    [Fact]
    public void Two_stored_products_at_quantity_2147483647_all_successful_count_4294967294_units_and_a_100_percent_rate()
    {
        var plate = new DomainPlate().Started();
        var state = plate.Run.ToState();
        var items = state.Items.Select(i => i with { Quantity = int.MaxValue, Successful = int.MaxValue, Failed = 0 }).ToList();
        var run = ProductionRun.Restore(state with
        {
            Items = items,
            Status = RunStatus.Completed,
            EndedAt = DomainPlate.At(100),
            Materials = [.. state.Materials.Select(m => m with { WeightAfter = m.WeightBefore })],
        });

        var statistics = StatisticsCalculator.Compute([run], new StatisticsQuery());

        Assert.Equal(4_294_967_294L, statistics.UnitsSuccessful);
        Assert.Equal(0L, statistics.UnitsFailed);
        Assert.Equal(4_294_967_294L, statistics.UnitsPrinted);
        Assert.Equal(1m, statistics.UnitSuccessRate);
        Assert.Equal(2_147_483_647L, statistics.TopProducts[0].SuccessfulUnits);
    }

    [Fact]
    public void Statistics_over_runs_whose_sum_passes_64_bit_ten_thousandths_do_not_wrap_around()
    {
        // Ten completed runs of 99,000,000,000,000 g estimated each: 9.9e14 g in all, past long.MaxValue / 10,000.
        var runs = new List<ProductionRun>();
        for (var i = 0; i < 10; i++)
        {
            var plate = new DomainPlate().Started();
            var state = plate.Run.ToState();
            runs.Add(ProductionRun.Restore(state with
            {
                Id = RunId.New(),
                Status = RunStatus.Completed,
                EndedAt = DomainPlate.At(100),
                Items = [.. state.Items.Select(it => it with { Successful = it.Quantity, Failed = 0 })],
                Materials = [state.Materials[0] with { EstimatedModel = Mass.FromGrams(99_000_000_000_000m), WeightAfter = Mass.FromGrams(700) }, state.Materials[1] with { WeightAfter = Mass.FromGrams(400) }],
            }));
        }

        var statistics = StatisticsCalculator.Compute(runs, new StatisticsQuery());

        Assert.True(statistics.TotalEstimated.Grams > 990_000_000_000_000m, $"The estimated total wrapped around to {statistics.TotalEstimated.Grams} g.");
        Assert.Equal(10, statistics.RunsWithVariance);
    }

    [Theory]
    [InlineData(100_000.0001)]
    [InlineData(1e9)]
    public void Spool_weights_above_100_kg_are_refused_where_they_enter(double grams)
    {
        var plate = new DomainPlate();
        var mass = Mass.FromGrams((decimal)grams);
        var black = new Material(SeedExample.Black, "Bambu Lab");
        var usd = new Money(20m, "USD");

        var errors = new[]
        {
            Assert.Throws<DomainRuleException>(() => plate.Spare.RecordWeighing(mass, DomainPlate.At(1))),
            Assert.Throws<DomainRuleException>(() => plate.Spare.Adjust(mass, "rewound", DomainPlate.At(1))),
            Assert.Throws<DomainRuleException>(() => Spool.Create("X-1", black, mass, usd, DomainPlate.T0)),
            Assert.Throws<DomainRuleException>(() => Spool.Create("X-1", black, Mass.FromGrams(1000), usd, DomainPlate.T0, tare: mass)),
            Assert.Throws<DomainRuleException>(() => new BrandTare("Bambu Lab", null, mass).Validate()),
        };

        Assert.All(errors, e => Assert.Equal(DomainRule.OutOfRange, e.Rule));
        Assert.All(errors, e => Assert.Contains("100000 g (100 kg)", e.Message, StringComparison.Ordinal));
        Assert.Equal(1250m, plate.Spare.GrossWeight!.Value.Grams);
    }

    [Fact]
    public void Purge_tower_and_measured_waste_above_100_kg_are_refused()
    {
        var plate = new DomainPlate().Draft();
        var tooMuch = Mass.FromGrams(100_001m);

        var purge = plate.Refused<DomainRuleException>(() => plate.Run.SetPurgeEstimate(plate.White.Id, tooMuch, Mass.Zero));
        plate.Run.Start(plate.Spools, DomainPlate.At(10));
        var waste = plate.Refused<DomainRuleException>(() => plate.Run.RecordMeasuredWaste(plate.White.Id, tooMuch, null, null));

        Assert.Equal(DomainRule.OutOfRange, purge.Rule);
        Assert.Equal(DomainRule.OutOfRange, waste.Rule);
    }

    [Fact]
    public void Prices_and_component_costs_above_a_million_are_refused()
    {
        var black = new Material(SeedExample.Black);
        var price = Assert.Throws<DomainRuleException>(() => Spool.Create("X-1", black, Mass.FromGrams(1000), new Money(1_000_000.01m, "USD"), DomainPlate.T0));
        var component = Assert.Throws<DomainRuleException>(() => Product.Create("P", "P", [new BomLine(SeedExample.Black, Mass.FromGrams(5))], components: [new ProductComponent("Magnet", 1, new Money(2_000_000m, "EUR"))]));
        var count = Assert.Throws<DomainRuleException>(() => Product.Create("P", "P", [new BomLine(SeedExample.Black, Mass.FromGrams(5))], components: [new ProductComponent("Magnet", 10_001, new Money(1m, "EUR"))]));

        Assert.Contains("1000000.01 USD", price.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 1,000,000 USD", price.Message, StringComparison.Ordinal);
        Assert.Contains("2000000 EUR", component.Message, StringComparison.Ordinal);
        Assert.Equal(DomainRule.OutOfRange, count.Rule);
        Assert.Equal(1_000_000m, Spool.Create("X-2", black, Mass.FromGrams(1000), new Money(1_000_000m, "USD"), DomainPlate.T0).Price.Amount);
    }

    [Fact]
    public void Durations_above_10000_hours_are_refused()
    {
        var printer = Printer.Create("P1S-1", "Bambu P1S");

        var run = Assert.Throws<DomainRuleException>(() => ProductionRun.Create(1, printer, DomainPlate.T0, TimeSpan.FromHours(10_001)));
        var product = Assert.Throws<DomainRuleException>(() => Product.Create("P", "P", [new BomLine(SeedExample.Black, Mass.FromGrams(5))], TimeSpan.FromHours(20_000)));

        Assert.Equal(DomainRule.OutOfRange, run.Rule);
        Assert.Contains("at most 10000 hours", run.Message, StringComparison.Ordinal);
        Assert.Equal(DomainRule.OutOfRange, product.Rule);
    }

    [Fact]
    public void Names_are_at_most_100_characters_codes_40_and_notes_4000()
    {
        var black = new Material(SeedExample.Black);
        var usd = new Money(20m, "USD");
        var bom = new[] { new BomLine(SeedExample.Black, Mass.FromGrams(5)) };
        var plate = new DomainPlate();

        var errors = new Dictionary<string, DomainRuleException>
        {
            ["spool code"] = Assert.Throws<DomainRuleException>(() => Spool.Create(new string('S', 41), black, Mass.FromGrams(1000), usd, DomainPlate.T0)),
            ["product SKU"] = Assert.Throws<DomainRuleException>(() => Product.Create(new string('K', 41), "Stand", bom)),
            ["product name"] = Assert.Throws<DomainRuleException>(() => Product.Create("STAND", new string('N', 101), bom)),
            ["printer name"] = Assert.Throws<DomainRuleException>(() => Printer.Create(new string('P', 101), "Bambu P1S")),
            ["material colour"] = Assert.Throws<DomainRuleException>(() => new MaterialSpec("PLA", new string('C', 101))),
            ["brand of spool"] = Assert.Throws<DomainRuleException>(() => Spool.Create("X-1", black with { Brand = new string('B', 101) }, Mass.FromGrams(1000), usd, DomainPlate.T0)),
            ["notes"] = Assert.Throws<DomainRuleException>(() => plate.Run.SetNotes(new string('n', 4001))),
        };

        foreach (var (what, error) in errors)
        {
            Assert.Equal(DomainRule.OutOfRange, error.Rule);
            Assert.Contains(what, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(40, Spool.Create(new string('S', 40), black, Mass.FromGrams(1000), usd, DomainPlate.T0).Code.Length);
        Assert.Equal(100, Product.Create("STAND", new string('N', 100), bom).Name.Length);
        Assert.Null(plate.Run.Notes);
    }

    [Fact]
    public void A_weight_after_above_the_weight_before_by_a_ten_thousandth_shows_both_values_apart()
    {
        var plate = new DomainPlate().Started();

        var error = plate.Refused<DomainRuleException>(() => plate.Run.RecordWeightAfter(plate.Black.Id, Mass.FromGrams(850.0001m)));

        Assert.Equal(DomainRule.WeightAfterAboveBefore, error.Rule);
        Assert.Contains("(850.0001 g) is above its weight before (850.0 g)", error.Message, StringComparison.Ordinal);
    }
}
