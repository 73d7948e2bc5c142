using Batchivo.Production;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

public abstract partial class ProductionStoreConformanceTests
{
    /// <summary>
    /// On seeded histories, the store's statistics (pushed down when it is an <see cref="IStatisticsStore"/>) equal
    /// <see cref="StatisticsCalculator"/> over the stored runs exactly, for the whole history, periods, each printer,
    /// each product and small tops; and so do its variance samples (an <see cref="IVarianceSampleStore"/>) and the
    /// outliers found from them.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Statistics_equal_the_calculator_on_generated_histories()
    {
        for (var seed = 1; seed <= StatisticsHistories; seed++)
        {
            var store = seed == 1 ? await CreateStoreAsync() : await NextStoreAsync();
            await CheckStatisticsAsync(store, seed, fineWeights: false);
        }
    }

    /// <summary>Runs weighed finer than 0.0001 g still give the calculator's exact figures.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Statistics_equal_the_calculator_with_weights_finer_than_the_domain_keeps()
    {
        await CheckStatisticsAsync(await CreateStoreAsync(), 99, fineWeights: true);
    }

    /// <summary>
    /// Units add up in 64 bits: a run stored before quantities had a range, with two products at 2,147,483,647 units
    /// each, all successful, counts 4,294,967,294 successful units and a 100 % rate (not -2 units), as the calculator does.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Statistics_sum_units_past_the_32_bit_range()
    {
        var store = await CreateStoreAsync();
        var (service, _) = await CatalogAsync(store);
        var run = await service.Runs.CreateRunAsync("Bambu-1");
        await service.Runs.AddProductToRunAsync(run.Number, "STAND-1", 1);
        await service.Runs.AddProductToRunAsync(run.Number, "HOOK-2", 1);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await service.Runs.AssignSpoolAsync(run.Number, "PETG-001");
        await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", new Mass(1200m));
        await service.Weighing.RecordWeightBeforeAsync(run.Number, "PETG-001", new Mass(980.25m));
        await service.Runs.StartAsync(run.Number);
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", new Mass(1150m));
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PETG-001", new Mass(970m));
        await service.Runs.RecordOutcomeAsync(run.Number, "STAND-1", 1, 0);
        await service.Runs.RecordOutcomeAsync(run.Number, "HOOK-2", 1, 0);
        var completed = (await service.Runs.CompleteAsync(run.Number)).ToState();
        var huge = ProductionRun.Restore(completed with { Items = [.. completed.Items.Select(i => i with { Quantity = int.MaxValue, Successful = int.MaxValue, Failed = 0 })] });
        await store.CommitAsync(new ChangeSet().Put(huge));

        var statistics = await new ProductionService(await ReopenAsync(store)).Analytics.GetStatisticsAsync();

        Expect.Equal(4_294_967_294L, statistics.UnitsSuccessful);
        Expect.Equal(4_294_967_294L, statistics.UnitsPrinted);
        Expect.Equal(1m, statistics.UnitSuccessRate);
        Expect.All(statistics.TopProducts, p => Expect.Equal(2_147_483_647L, p.SuccessfulUnits));
    }

    /// <summary>
    /// Another empty store within the same test (the statistics test plays several histories). The default calls
    /// <see cref="CreateStoreAsync"/> again.
    /// </summary>
    /// <returns>The store.</returns>
    protected virtual Task<IProductionStore> NextStoreAsync() => CreateStoreAsync();

    private static List<VarianceSample> Ordered(IEnumerable<VarianceSample> samples) =>
        [.. samples.OrderBy(x => x.RunNumber).ThenBy(x => x.ProductId.ToString(), StringComparer.Ordinal)];

    private async Task CheckStatisticsAsync(IProductionStore store, int seed, bool fineWeights)
    {
        var end = await StoreHistory.PlayAsync(store, seed, RunsPerHistory, fineWeights);
        var runs = await store.ListRunsAsync(new RunQuery());
        Expect.NotEmpty(runs);
        var service = new ProductionService(store);
        var printers = await store.ListPrintersAsync();
        var products = await store.ListProductsAsync();
        var third = (end - StoreHistory.Epoch) / 3;
        var queries = new List<StatisticsQuery>
        {
            new(),
            new(Top: 1),
            new(From: StoreHistory.Epoch + third),
            new(To: StoreHistory.Epoch + third),
            new(From: StoreHistory.Epoch + third, To: end - third, Top: 2),
            new(From: end),
        };
        queries.AddRange(printers.Select(p => new StatisticsQuery(PrinterId: p.Id)));
        queries.AddRange(products.Select(p => new StatisticsQuery(ProductId: p.Id)));
        queries.AddRange(products.Select(p => new StatisticsQuery(From: StoreHistory.Epoch + third, PrinterId: printers[0].Id, ProductId: p.Id, Top: 3)));

        foreach (var query in queries)
        {
            var expected = StatisticsCalculator.Compute(runs, query);
            var actual = store is IStatisticsStore pushDown
                ? await pushDown.ComputeStatisticsAsync(query)
                : await service.Analytics.GetStatisticsAsync(query);
            StoreAssert.Equal(expected, actual);

            // Outliers: the store's variance samples (when it reads them) are the runs' own, and so are the outliers.
            var matching = runs.Where(query.ToRunQuery().Matches).ToList();
            if (store is IVarianceSampleStore samples)
            {
                Expect.Equal(Ordered(matching.SelectMany(VarianceSample.Of)), Ordered(await samples.ReadVarianceSamplesAsync(query)));
            }

            Expect.Equal(OutlierDetector.Find(matching), await service.Analytics.GetOutliersAsync(query));
        }

        Expect.True(StatisticsCalculator.Compute(runs, new StatisticsQuery()).RunsByStatus.Total == runs.Count);
    }
}
