using Batchivo.Statistics;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Batchivo.Testing.Storage;
using FsCheck;
using FsCheck.Xunit;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>
/// Statistics computed by SQLite (SQL aggregates over the stored figures) equal Core's calculator over the same
/// stored runs, on generated histories and generated periods, printers, products and tops.
/// </summary>
public sealed class StatisticsProperties : IDisposable
{
    private static readonly ProductOutput[] NoProducts = [];
    private static readonly PrinterOutput[] NoPrinters = [];
    private readonly TempFolder _folder = new();
    private int _files;

    [Property(MaxTest = 8)]
    public async Task Pushed_down_statistics_equal_the_calculator(PositiveInt seed, byte runs, bool fineWeights, byte fromPercent, byte lengthPercent, byte pick, byte top)
    {
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(_folder.File($"p{++_files}.db")));
        var end = await StoreHistory.PlayAsync(store, seed.Get, 1 + (runs % 30), fineWeights);
        var all = await store.ListRunsAsync(new RunQuery());
        var span = end - StoreHistory.Epoch;
        var from = StoreHistory.Epoch + (span * (fromPercent % 100) / 100);
        var to = from + (span * (1 + (lengthPercent % 100)) / 100);
        var printers = await store.ListPrintersAsync();
        var products = await store.ListProductsAsync();
        var query = new StatisticsQuery(
            pick % 2 == 0 ? from : null,
            pick % 3 == 0 ? to : null,
            pick % 5 == 0 ? printers[pick % printers.Count].Id : null,
            pick % 7 < 3 ? products[pick % products.Count].Id : null,
            1 + (top % 6));

        foreach (var q in new[] { query, new StatisticsQuery() })
        {
            var expected = StatisticsCalculator.Compute(all, q);
            var actual = await store.ComputeStatisticsAsync(q);
            Assert.Equal(expected with { TopProducts = NoProducts, BusiestPrinters = NoPrinters }, actual with { TopProducts = NoProducts, BusiestPrinters = NoPrinters });
            Assert.Equal(expected.TopProducts, actual.TopProducts);
            Assert.Equal(expected.BusiestPrinters, actual.BusiestPrinters);
        }
    }

    public void Dispose() => _folder.Dispose();
}
