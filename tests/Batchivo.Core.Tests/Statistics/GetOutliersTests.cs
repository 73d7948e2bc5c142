using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using Batchivo.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Batchivo.Core.Tests.Statistics;

/// <summary>
/// Outliers asked of the service, over runs recorded through it into Core's in-memory store: the query picks the
/// completed runs they are judged among (period, printer), and the options reach the detector.
/// </summary>
public sealed class GetOutliersTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly MaterialSpec Black = new("PLA", "Black");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ProductionService _service;
    private int _spools;

    public GetOutliersTests() => _service = new ProductionService(new InMemoryProductionStore(), _time);

    [Fact]
    public async Task The_run_far_from_its_products_usual_variance_is_reported_with_its_figures()
    {
        await CatalogAsync();
        foreach (var percent in new[] { -2m, -1m, 0m, 1m, 2m })
        {
            await RecordAsync("P1", percent);
        }

        var far = await RecordAsync("P1", 30m);

        var outlier = Assert.Single(await _service.Analytics.GetOutliersAsync());
        var product = await _service.Catalog.GetProductAsync("A");
        Assert.Equal((far.Number, far.Id, product.Id, "Product A"), (outlier.RunNumber, outlier.RunId, outlier.ProductId, outlier.ProductName));
        Assert.Equal((30m, 0.5m), (outlier.VariancePercent, outlier.UsualVariancePercent));
        Assert.Equal(13.265, (double)outlier.Distance!.Value, 3);
    }

    [Fact]
    public async Task Only_completed_runs_count_and_are_reported()
    {
        await CatalogAsync();
        foreach (var percent in new[] { -2m, -1m, 0m, 1m })
        {
            await RecordAsync("P1", percent);
        }

        await RecordAsync("P1", 80m, RunStatus.Failed);
        await RecordAsync("P2", 60m, RunStatus.InProgress);

        // Four completed runs are too few, and the failed run at 80 % is no outlier however far it is.
        Assert.Empty(await _service.Analytics.GetOutliersAsync());
        Assert.Empty(await _service.Analytics.GetOutliersAsync(options: new OutlierOptions { MinRunsPerProduct = 4 }));

        var far = await RecordAsync("P1", 40m);
        Assert.Equal(far.Number, Assert.Single(await _service.Analytics.GetOutliersAsync()).RunNumber);
    }

    [Fact]
    public async Task The_period_and_the_printer_choose_the_runs_judged_together()
    {
        await CatalogAsync();
        foreach (var percent in new[] { -2m, -1m, 0m, 1m, 2m, 1.5m })
        {
            await RecordAsync("P1", percent);
        }

        var beforeFar = _time.GetUtcNow();
        var far = await RecordAsync("P2", 30m);
        var end = _time.GetUtcNow().AddMinutes(1);

        Assert.Equal(far.Number, Assert.Single(await _service.Analytics.GetOutliersAsync(new StatisticsQuery(Start, end))).RunNumber);
        Assert.Empty(await _service.Analytics.GetOutliersAsync(new StatisticsQuery(Start, beforeFar)));

        // Alone on its printer, the far run has no usual variance to be far from; P1's runs are all close together.
        Assert.Empty(await _service.Analytics.GetOutliersAsync(new StatisticsQuery(PrinterId: far.PrinterId)));
        var p1 = await _service.Catalog.GetPrinterAsync("P1");
        Assert.Empty(await _service.Analytics.GetOutliersAsync(new StatisticsQuery(PrinterId: p1.Id)));
    }

    [Fact]
    public async Task The_thresholds_given_are_the_ones_applied()
    {
        await CatalogAsync();
        foreach (var percent in new[] { -2m, -1m, 0m, 1m, 2m, 30m })
        {
            await RecordAsync("P1", percent);
        }

        Assert.Single(await _service.Analytics.GetOutliersAsync());
        Assert.Empty(await _service.Analytics.GetOutliersAsync(options: new OutlierOptions { Threshold = 14m }));
        Assert.Empty(await _service.Analytics.GetOutliersAsync(options: new OutlierOptions { MinimumDistancePoints = 30m }));
        Assert.Empty(await _service.Analytics.GetOutliersAsync(options: new OutlierOptions { MinRunsPerProduct = 7 }));
    }

    [Fact]
    public async Task A_reversed_period_is_refused()
    {
        await CatalogAsync();
        var query = new StatisticsQuery(Start.AddDays(1), Start);

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => _service.Analytics.GetOutliersAsync(query));
        Assert.Equal(DomainRule.Query, error.Rule);
    }

    private async Task CatalogAsync()
    {
        await _service.Catalog.AddPrinterAsync("P1", "Bambu P1S", 4);
        await _service.Catalog.AddPrinterAsync("P2", "Bambu X1C", 4);
        await _service.Catalog.AddProductAsync("A", "Product A", [new BomLine(Black, Mass.FromGrams(100))]);
    }

    /// <summary>One unit of product A from a fresh spool (1250 g before) that uses (100 + percent) g, so the run's variance is percent %.</summary>
    private async Task<ProductionRun> RecordAsync(string printer, decimal percent, RunStatus status = RunStatus.Completed)
    {
        var code = $"S-{++_spools:000}";
        await _service.Catalog.AddSpoolAsync(new NewSpool(code, new Material(Black, "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), Tare: Mass.FromGrams(250)));
        var run = await _service.Runs.CreateRunAsync(printer);
        await _service.Runs.AddProductToRunAsync(run.Number, "A", 1);
        await _service.Runs.AssignSpoolAsync(run.Number, code);
        await _service.Weighing.RecordWeightBeforeAsync(run.Number, code, Mass.FromGrams(1250));
        await _service.Runs.StartAsync(run.Number);
        _time.Advance(TimeSpan.FromHours(2));
        if (status != RunStatus.InProgress)
        {
            await _service.Weighing.RecordWeightAfterAsync(run.Number, code, Mass.FromGrams(1250m - 100m - percent));
            if (status == RunStatus.Completed)
            {
                await _service.Runs.RecordOutcomeAsync(run.Number, "A", 1, 0);
                run = await _service.Runs.CompleteAsync(run.Number);
            }
            else
            {
                run = await _service.Runs.FailAsync(run.Number);
            }
        }

        _time.Advance(TimeSpan.FromHours(1));
        return run;
    }
}
