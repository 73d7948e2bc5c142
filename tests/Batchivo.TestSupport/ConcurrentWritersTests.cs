using System.Collections.Concurrent;
using System.Diagnostics;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;
using Xunit;
using Xunit.Abstractions;

namespace Batchivo.TestSupport;

/// <summary>
/// Eight writers share one store for a few seconds: each completes runs on its own two spools (3 items each) and
/// weighs spools of a shared stock that all writers weigh, every weighing taking exactly 1 g off the weight it read
/// (read, change, commit; on a concurrency conflict reload and retry). Afterwards no update may be lost: every
/// spool's weight equals the end of its ledger, every ledger is an unbroken chain, each stock spool lost exactly
/// 1 g per weighing its writers saw succeed, and every refused write was the typed concurrency error.
/// </summary>
/// <remarks>Derived classes give the store: the SQLite and PostgreSQL store test projects.</remarks>
public abstract class ConcurrentWritersTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int StockSpools = 4;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    private static readonly MaterialSpec Black = new("PLA", "Black");
    private static readonly Mass StockStart = Mass.FromGrams(1000);
    private static readonly Mass RunSpoolStart = Mass.FromGrams(100_000);
    private static readonly Mass UsedPerSpool = Mass.FromGrams(3);

    /// <summary>Creates the store on a fresh database; every call of the test shares it.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IProductionStore> CreateStoreAsync();

    [Fact]
    public async Task Eight_writers_lose_no_update_and_every_refusal_is_a_concurrency_conflict()
    {
        var store = await CreateStoreAsync();
        var service = new ProductionService(store);
        // One printer per writer: a printer prints one plate at a time.
        for (var w = 0; w < Writers; w++)
        {
            await service.Catalog.AddPrinterAsync($"P1S-{w}", "Bambu P1S", 4);
        }

        foreach (var sku in (string[])["PART-A", "PART-B", "PART-C"])
        {
            await service.Catalog.AddProductAsync(sku, sku, [new BomLine(Black, Mass.FromGrams(1), Mass.Zero)]);
        }

        var stock = Enumerable.Range(1, StockSpools).Select(i => $"STOCK-{i}").ToList();
        foreach (var code in stock)
        {
            await service.Catalog.AddSpoolAsync(new NewSpool(code, new Material(Black), Mass.FromGrams(1000), new Money(20m, "EUR"), Mass.FromGrams(200), GrossWeight: StockStart));
        }

        for (var w = 0; w < Writers; w++)
        {
            foreach (var code in RunSpools(w))
            {
                await service.Catalog.AddSpoolAsync(new NewSpool(code, new Material(Black), Mass.FromGrams(1000), new Money(20m, "EUR"), Mass.FromGrams(200), GrossWeight: RunSpoolStart));
            }
        }

        var weighings = new ConcurrentDictionary<string, int>();
        var completedRuns = new ConcurrentBag<int>();
        var unexpected = new ConcurrentBag<Exception>();
        var conflicts = 0;
        var clock = Stopwatch.StartNew();
        using var start = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var writerService = new ProductionService(store);
            start.Wait();
            // Run for the duration, and on until writers have collided at least once (a loaded machine is slow).
            while (clock.Elapsed < Duration || (Volatile.Read(ref conflicts) == 0 && clock.Elapsed < Duration * 20))
            {
                try
                {
                    if (random.Next(3) == 0)
                    {
                        completedRuns.Add(await CompleteRunAsync(writerService, w));
                    }
                    else
                    {
                        var code = stock[random.Next(stock.Count)];
                        Interlocked.Add(ref conflicts, await WeighOneGramOffAsync(store, code));
                        weighings.AddOrUpdate(code, 1, (_, n) => n + 1);
                    }
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
                catch (Exception e)
                {
                    unexpected.Add(e);
                    return;
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(writers);

        output.WriteLine($"{completedRuns.Count} runs completed, {weighings.Values.Sum()} stock weighings, {conflicts} conflicts retried, {unexpected.Count} other errors.");
        Assert.True(unexpected.IsEmpty, "Writers failed with errors other than the typed concurrency conflict:\n" + string.Join("\n", unexpected));
        Assert.NotEmpty(completedRuns);
        Assert.True(conflicts > 0, "Eight writers weighing four spools for seconds should have collided at least once; the test did not exercise concurrency.");

        foreach (var spool in await store.ListSpoolsAsync())
        {
            AssertLedgerChain(spool);
        }

        foreach (var code in stock)
        {
            var spool = await store.FindSpoolByCodeAsync(code);
            var succeeded = weighings.GetValueOrDefault(code);
            Assert.Equal(StockStart - Mass.FromGrams(succeeded), spool!.GrossWeight);
            Assert.Equal(succeeded, spool.Ledger.Count(e => e.Kind == LedgerEntryKind.Weighed && e.Note == "stock check"));
        }

        var runs = await store.ListRunsAsync(new RunQuery(Status: RunStatus.Completed));
        Assert.Equal(completedRuns.Order(), runs.Select(r => r.Number).Order());
        for (var w = 0; w < Writers; w++)
        {
            var mine = runs.Count(r => r.Materials.Any(m => m.SpoolCode == RunSpools(w)[0]));
            foreach (var code in RunSpools(w))
            {
                var spool = await store.FindSpoolByCodeAsync(code);
                Assert.Null(spool!.ActiveRunId);
                Assert.Equal(RunSpoolStart - Mass.FromGrams(UsedPerSpool.Grams * mine), spool.GrossWeight);
            }
        }
    }

    private static string[] RunSpools(int writer) => [$"RUN-{writer}-A", $"RUN-{writer}-B"];

    /// <summary>Reads the spool, takes 1 g off the weight read, commits; reloads and retries when someone else was first.</summary>
    /// <returns>How many conflicts it retried.</returns>
    private static async Task<int> WeighOneGramOffAsync(IProductionStore store, string code)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            var spool = await store.FindSpoolByCodeAsync(code) ?? throw new InvalidOperationException(code);
            spool.RecordWeighing(spool.GrossWeight!.Value - Mass.FromGrams(1), DateTimeOffset.UnixEpoch.AddSeconds(spool.Ledger.Count), "stock check");
            var changes = new ChangeSet().Put(spool);
            try
            {
                await store.CommitAsync(changes);
                return conflicts;
            }
            catch (ConcurrencyConflictException e)
            {
                Assert.Equal("spool", e.Entity);
                Assert.Equal(code, e.Key);
            }
        }
    }

    /// <summary>A whole run through the application service; any step refused by a conflict is retried as it is.</summary>
    private static async Task<int> CompleteRunAsync(ProductionService service, int writer)
    {
        var spools = RunSpools(writer);
        var run = await Retry(() => service.Runs.CreateRunAsync($"P1S-{writer}"));
        foreach (var sku in (string[])["PART-A", "PART-B", "PART-C"])
        {
            await Retry(() => service.Runs.AddProductToRunAsync(run.Number, sku, 1));
        }

        var before = new Dictionary<string, Mass>();
        foreach (var code in spools)
        {
            await Retry(() => service.Runs.AssignSpoolAsync(run.Number, code));
            before[code] = (await service.Catalog.GetSpoolAsync(code)).GrossWeight!.Value;
            await Retry(() => service.Weighing.RecordWeightBeforeAsync(run.Number, code, before[code]));
        }

        await Retry(async () => (await service.Runs.StartAsync(run.Number)).Run);
        foreach (var code in spools)
        {
            await Retry(() => service.Weighing.RecordWeightAfterAsync(run.Number, code, before[code] - UsedPerSpool));
        }

        foreach (var sku in (string[])["PART-A", "PART-B", "PART-C"])
        {
            await Retry(() => service.Runs.RecordOutcomeAsync(run.Number, sku, 1, 0));
        }

        await Retry(() => service.Runs.CompleteAsync(run.Number));
        return run.Number;
    }

    private static async Task<T> Retry<T>(Func<Task<T>> action)
    {
        while (true)
        {
            try
            {
                return await action();
            }
            catch (ConcurrencyConflictException)
            {
                // The service reloads everything it needs on the next call.
            }
        }
    }

    private static void AssertLedgerChain(Spool spool)
    {
        Assert.NotEmpty(spool.Ledger);
        for (var i = 0; i < spool.Ledger.Count; i++)
        {
            var entry = spool.Ledger[i];
            Assert.Equal(i + 1, entry.Sequence);
            Assert.Equal(i == 0 ? null : spool.Ledger[i - 1].GrossAfter, entry.GrossBefore);
        }

        Assert.Equal(spool.Ledger[^1].GrossAfter, spool.GrossWeight);
    }
}
