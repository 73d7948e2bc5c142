using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Testing.Storage;

/// <summary>
/// Plays a seeded, varied production history through <see cref="ProductionService"/> into a store: spools, products,
/// printers, and runs left in every status (drafts, runs in progress, completed with and without failed units and
/// measured waste, failed, cancelled before and after starting, reprints), with ratings and notes.
/// </summary>
/// <remarks>The same seed gives the same history (same codes, numbers, weights and times) on every store.</remarks>
public static class StoreHistory
{
    /// <summary>The start of every history.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    private static readonly string[] PrinterNames = ["Alpha", "Beta", "Gamma"];

    private static readonly MaterialSpec[] Specs = [new("PLA", "Black"), new("PETG", "Red"), new("PLA", "White")];

    /// <summary>Plays a history.</summary>
    /// <param name="store">The store to fill (empty).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="runs">How many runs to create (reprints come on top).</param>
    /// <param name="fineWeights">When true, some weighings carry 0.00001 g, finer than the 0.0001 the domain keeps figures to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instant after the last step.</returns>
    public static async Task<DateTimeOffset> PlayAsync(IProductionStore store, int seed, int runs, bool fineWeights = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var random = new Random(seed);
        var time = new ManualTime(Epoch);
        var service = new ProductionService(store, time);
        var spoolCount = 0;

        async Task<Spool> NewSpoolAsync(MaterialSpec spec)
        {
            spoolCount++;
            var code = $"{spec.Type}-{spoolCount:000}";
            var price = new Money(random.Next(1500, 4000) / 100m, "EUR");
            return await service.Catalog.AddSpoolAsync(new NewSpool(code, new Material(spec, "Brand " + (spoolCount % 3)), new Mass(1000m), price, new Mass(200m), null, new Mass(random.Next(30000, 60000) / 10m)), cancellationToken).ConfigureAwait(false);
        }

        foreach (var spec in Specs)
        {
            await NewSpoolAsync(spec).ConfigureAwait(false);
        }

        var productCount = random.Next(2, 5);
        var skus = new List<string>();
        for (var p = 1; p <= productCount; p++)
        {
            var lines = Specs.Take(random.Next(1, 3)).Select((s, i) => new BomLine(Specs[(p + i) % Specs.Length], new Mass(random.Next(5, 400) / 10m), new Mass(random.Next(0, 3) == 0 ? random.Next(0, 5) / 10m : 0m))).DistinctBy(l => l.Material).ToList();
            var sku = $"SKU-{p}";
            await service.Catalog.AddProductAsync(sku, $"Product {p}", lines, TimeSpan.FromMinutes(random.Next(5, 90)), [new ProductComponent("Magnet", random.Next(1, 4), new Money(0.05m, "EUR"))], cancellationToken).ConfigureAwait(false);
            skus.Add(sku);
        }

        var printers = PrinterNames.Take(random.Next(1, 4)).ToList();
        foreach (var name in printers)
        {
            await service.Catalog.AddPrinterAsync(name, "Bambu X1C", 4, cancellationToken).ConfigureAwait(false);
        }

        var inUse = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // A printer prints one plate at a time: a run left in progress keeps its printer busy, so new runs go to the
        // other printers, and to a new one when all are busy.
        var busy = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        async Task<string> FreePrinterAsync()
        {
            var free = printers.Where(p => !busy.Contains(p)).ToList();
            if (free.Count > 0)
            {
                return free[random.Next(free.Count)];
            }

            var name = $"Extra-{printers.Count + 1}";
            await service.Catalog.AddPrinterAsync(name, "Bambu X1C", 4, cancellationToken).ConfigureAwait(false);
            printers.Add(name);
            return name;
        }

        var withFailures = new List<int>();
        var pending = runs;
        while (pending-- > 0)
        {
            time.Advance(TimeSpan.FromMinutes(random.Next(1, 600)));
            ProductionRun run;
            if (withFailures.Count > 0 && random.Next(0, 6) == 0)
            {
                var original = withFailures[random.Next(withFailures.Count)];
                withFailures.Remove(original);
                run = await service.Runs.ReprintAsync(original, await FreePrinterAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                run = await service.Runs.CreateRunAsync(await FreePrinterAsync().ConfigureAwait(false), random.Next(0, 3) == 0 ? null : TimeSpan.FromMinutes(random.Next(10, 600)), random.Next(0, 4) == 0 ? "note " + pending : null, cancellationToken).ConfigureAwait(false);
                foreach (var sku in skus.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(3, skus.Count) + 1)))
                {
                    run = await service.Runs.AddProductToRunAsync(run.Number, sku, random.Next(1, 6), random.Next(0, 3) == 0 ? "A" + random.Next(1, 5) : null, cancellationToken).ConfigureAwait(false);
                }
            }

            var target = random.Next(0, 20) switch
            {
                0 or 1 => RunStatus.Draft,
                2 => RunStatus.InProgress,
                3 or 4 => RunStatus.Failed,
                5 or 6 => RunStatus.Cancelled,
                _ => RunStatus.Completed,
            };
            if (target == RunStatus.Draft)
            {
                continue;
            }

            if (target == RunStatus.Cancelled && random.Next(0, 2) == 0)
            {
                await service.Runs.CancelAsync(run.Number, "called off", cancellationToken).ConfigureAwait(false);
                continue;
            }

            // One free spool per material the plate needs (a new spool when all are busy or nearly empty).
            var needed = run.Items.SelectMany(i => i.Bom).Select(l => l.Material).Distinct().ToList();
            var spools = await store.ListSpoolsAsync(cancellationToken).ConfigureAwait(false);
            var chosen = new List<Spool>();
            foreach (var spec in needed)
            {
                var free = spools.Where(s => s.Material.Spec == spec && !inUse.Contains(s.Code) && s.GrossWeight is { } g && g.Grams > 1500m).ToList();
                chosen.Add(free.Count > 0 ? free[random.Next(free.Count)] : await NewSpoolAsync(spec).ConfigureAwait(false));
            }

            foreach (var spool in chosen)
            {
                var purge = random.Next(0, 3) == 0 ? new Mass(random.Next(1, 200) / 10m) : (Mass?)null;
                run = await service.Runs.AssignSpoolAsync(run.Number, spool.Code, purge, purge is null ? null : new Mass(random.Next(0, 100) / 10m), cancellationToken).ConfigureAwait(false);
                var current = await service.Catalog.GetSpoolAsync(spool.Code, cancellationToken).ConfigureAwait(false);
                run = await service.Weighing.RecordWeightBeforeAsync(run.Number, spool.Code, current.GrossWeight!.Value, cancellationToken).ConfigureAwait(false);
            }

            time.Advance(TimeSpan.FromMinutes(random.Next(1, 30)));
            run = (await service.Runs.StartAsync(run.Number, cancellationToken).ConfigureAwait(false)).Run;
            foreach (var spool in chosen)
            {
                inUse.Add(spool.Code);
            }

            if (target == RunStatus.InProgress)
            {
                busy.Add(run.PrinterName);
                continue;
            }

            time.Advance(TimeSpan.FromMinutes(random.Next(20, 900)));
            var weighAll = target != RunStatus.Cancelled || random.Next(0, 2) == 0;
            foreach (var material in run.Materials)
            {
                if (!weighAll && random.Next(0, 2) == 0)
                {
                    continue;
                }

                var factor = random.Next(80, 125) / 100m;
                var used = decimal.Round(material.EstimatedTotal.Grams * factor, 1);
                if (fineWeights && random.Next(0, 3) == 0)
                {
                    used += 0.00001m;
                }

                var after = material.WeightBefore!.Value.Grams - Math.Max(used, 0.1m);
                run = await service.Weighing.RecordWeightAfterAsync(run.Number, material.SpoolCode, new Mass(after), cancellationToken).ConfigureAwait(false);
                if (random.Next(0, 4) == 0)
                {
                    run = await service.Runs.RecordMeasuredWasteAsync(run.Number, material.SpoolCode, random.Next(0, 2) == 0 ? new Mass(random.Next(0, 50) / 10m) : null, new Mass(random.Next(0, 150) / 10m), null, cancellationToken).ConfigureAwait(false);
                }
            }

            switch (target)
            {
                case RunStatus.Completed:
                    var failedAny = false;
                    foreach (var item in run.Items)
                    {
                        var failed = random.Next(0, 4) == 0 ? random.Next(0, item.Quantity + 1) : 0;
                        failedAny |= failed > 0;
                        run = await service.Runs.RecordOutcomeAsync(run.Number, item.Sku, item.Quantity - failed, failed, cancellationToken).ConfigureAwait(false);
                    }

                    await service.Runs.CompleteAsync(run.Number, random.Next(0, 3) == 0 ? null : new QualityRating(random.Next(1, 6)), random.Next(0, 3) == 0 ? "done" : null, cancellationToken).ConfigureAwait(false);
                    if (failedAny)
                    {
                        withFailures.Add(run.Number);
                    }

                    break;
                case RunStatus.Failed:
                    await service.Runs.FailAsync(run.Number, "spaghetti", cancellationToken).ConfigureAwait(false);
                    withFailures.Add(run.Number);
                    break;
                default:
                    await service.Runs.CancelAsync(run.Number, "stopped", cancellationToken).ConfigureAwait(false);
                    break;
            }

            foreach (var spool in chosen)
            {
                inUse.Remove(spool.Code);
            }
        }

        time.Advance(TimeSpan.FromMinutes(1));
        return time.GetUtcNow();
    }
}
