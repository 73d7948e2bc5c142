using System.Collections.Concurrent;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

public abstract partial class ProductionStoreConformanceTests
{
    /// <summary>Run numbers reserved concurrently are unique, and increase for each caller.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Reserved_run_numbers_are_unique_under_concurrency()
    {
        var store = await CreateStoreAsync();
        var perWriter = await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(_ => Task.Run(async () =>
        {
            var numbers = new List<int>();
            for (var i = 0; i < WritesPerWriter; i++)
            {
                numbers.Add(await store.ReserveRunNumberAsync());
            }

            return numbers;
        })));

        var all = perWriter.SelectMany(n => n).ToList();
        Expect.Equal(all.Count, all.Distinct().Count());
        Expect.All(all, n => Expect.True(n > 0));
        Expect.All(perWriter, numbers => Expect.Equal(numbers.Order(), numbers));
        Expect.True(await store.ReserveRunNumberAsync() > all.Max());
    }

    /// <summary>
    /// Parallel writers weigh the same spools: every refused write is the typed conflict, no update is lost (each
    /// accepted weighing is one ledger entry), and every spool's weight equals its ledger.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Parallel_writers_lose_no_update_and_get_only_typed_conflicts()
    {
        var store = await CreateStoreAsync();
        var service = Service(store, out _);
        string[] codes = ["PLA-001", "PLA-002", "PLA-003"];
        foreach (var code in codes)
        {
            await service.Catalog.AddSpoolAsync(PlaSpool(code, 5000m));
        }

        var accepted = new ConcurrentDictionary<string, int>();
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var i = 0; i < WritesPerWriter; i++)
            {
                var code = codes[random.Next(codes.Length)];
                try
                {
                    await service.Catalog.WeighSpoolAsync(code, new Mass(4000m + random.Next(0, 10000) / 10m), $"writer {writer}");
                    accepted.AddOrUpdate(code, 1, (_, n) => n + 1);
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        var reopened = await ReopenAsync(store);
        foreach (var code in codes)
        {
            var spool = (await reopened.FindSpoolByCodeAsync(code))!;
            StoreAssert.LedgerExplainsWeight(spool);
            Expect.Equal(1 + accepted.GetValueOrDefault(code), spool.Ledger.Count);
            Expect.Equal(1 + accepted.GetValueOrDefault(code), spool.Version);
        }

        Expect.Equal(ConcurrentWriters * WritesPerWriter, accepted.Values.Sum() + refused);
    }

    /// <summary>Two runs started at once with the same spool: exactly one starts; the other is refused with a typed error.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Concurrent_starts_with_one_spool_let_exactly_one_run_start()
    {
        var store = await CreateStoreAsync();
        var (service, _) = await CatalogAsync(store);
        var numbers = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var run = await service.Runs.CreateRunAsync("Bambu-1");
            await service.Runs.AddProductToRunAsync(run.Number, "STAND-1", 1);
            await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
            await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", new Mass(1200m));
            numbers.Add(run.Number);
        }

        var outcomes = await Task.WhenAll(numbers.Select(n => Task.Run(async () =>
        {
            try
            {
                await service.Runs.StartAsync(n);
                return null;
            }
            catch (BatchivoException e)
            {
                return e;
            }
        })));

        Expect.Single(outcomes, o => o is null);
        Expect.All(outcomes.OfType<BatchivoException>(), e => Expect.True(e is ConcurrencyConflictException or SpoolInUseException or DomainRuleException, e.GetType().Name));
        var runs = await (await ReopenAsync(store)).ListRunsAsync(new RunQuery(Status: RunStatus.InProgress));
        var started = Expect.Single(runs);
        Expect.Equal(started.Id, (await store.FindSpoolByCodeAsync("PLA-001"))!.ActiveRunId);
    }

    /// <summary>
    /// Two runs on one printer with different spools, started at once: a printer prints one plate at a time, so exactly
    /// one starts, and the other is refused (the printer busy, or a conflict on the printer written with the start).
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Concurrent_starts_on_one_printer_let_exactly_one_run_start()
    {
        var store = await CreateStoreAsync();
        var (service, _) = await CatalogAsync(store);
        var numbers = new List<int>();
        foreach (var code in (string[])["PLA-001", "PLA-002"])
        {
            var run = await service.Runs.CreateRunAsync("Bambu-1");
            await service.Runs.AddProductToRunAsync(run.Number, "STAND-1", 1);
            await service.Runs.AssignSpoolAsync(run.Number, code);
            await service.Weighing.RecordWeightBeforeAsync(run.Number, code, new Mass(1200m));
            numbers.Add(run.Number);
        }

        using var go = new ManualResetEventSlim();
        var starts = numbers.Select(n => Task.Run(async () =>
        {
            go.Wait();
            try
            {
                await service.Runs.StartAsync(n);
                return null;
            }
            catch (BatchivoException e)
            {
                return e;
            }
        })).ToList();
        go.Set();
        var outcomes = await Task.WhenAll(starts);

        Expect.Single(outcomes, o => o is null);
        var refused = Expect.Single(outcomes.OfType<BatchivoException>());
        Expect.True(refused is ConcurrencyConflictException or DomainRuleException { Rule: DomainRule.PrinterBusy }, refused.GetType().Name + ": " + refused.Message);
        var running = await (await ReopenAsync(store)).ListRunsAsync(new RunQuery(Status: RunStatus.InProgress));
        Expect.Single(running);
    }
}
