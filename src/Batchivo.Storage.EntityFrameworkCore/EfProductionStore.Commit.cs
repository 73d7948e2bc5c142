using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Storage.EntityFrameworkCore;

public sealed partial class EfProductionStore
{
    /// <summary>
    /// One attempt of <see cref="IProductionStore.CommitAsync"/>, one unit of work: in one context and one transaction, the rows the set
    /// touches are read (tracked), versions and unique keys are checked, the set is applied to the rows, and EF Core's
    /// change tracker saves what changed with <c>SaveChanges</c>, each update version-checked.
    /// </summary>
    private Task CommitOnceAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return Task.CompletedTask;
        }

        return RunAsync(async db =>
        {
            var transaction = await Provider.BeginTransactionAsync(db, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A failed save rolls the whole transaction back, so the savepoint EF Core would set around it buys nothing.
                db.Database.AutoSavepointsEnabled = false;

                // Staging only reads, adds and sets values: one pass over the tracked rows before the save is enough.
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                try
                {
                    await StageAsync(db, changes, cancellationToken).ConfigureAwait(false);
                    db.ChangeTracker.DetectChanges();
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbUpdateConcurrencyException e)
                {
                    throw Conflict(e.Entries.Select(x => x.Entity).FirstOrDefault(), changes, e);
                }
                catch (DbUpdateException e)
                {
                    switch (Provider.ClassifyWriteError(e))
                    {
                        case WriteErrorKind.PrimaryKey:
                            // A taken key is an insert's; a provider that batches reports every entry of the batch.
                            throw Conflict((e.Entries.FirstOrDefault(x => x.State == EntityState.Added) ?? (e.Entries.Count > 0 ? e.Entries[0] : null))?.Entity, changes, e);
                        case WriteErrorKind.UniqueKey:
                            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                            throw await DuplicateAsync(changes, e).ConfigureAwait(false);
                        default:
                            throw;
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Stages every change in the context: reads the rows the set touches (one query per kind of entity), checks their
    /// versions against the ones the set was read at, applies the set to them, and checks the unique keys it sets.
    /// </summary>
    private static async Task StageAsync(BatchivoDbContext db, ChangeSet changes, CancellationToken ct)
    {
        var keys = new List<(string Entity, string Key, Func<Task<bool>> Taken)>();
        var log = new List<ChangeRow>();

        if (changes.Spools.Count > 0)
        {
            // One round trip: the spools with the last sequence of their ledgers (entries are only ever appended).
            var ids = changes.Spools.Select(s => s.Id.Value).Distinct().ToList();
            var loaded = await db.Spools.Where(s => ids.Contains(s.Id))
                .Select(s => new { Spool = s, Last = s.Ledger.Max(l => (int?)l.Sequence) ?? 0 }).ToListAsync(ct).ConfigureAwait(false);
            var existing = loaded.ToDictionary(x => x.Spool.Id, x => x.Spool);
            var last = loaded.ToDictionary(x => x.Spool.Id, x => x.Last);
            foreach (var s in changes.Spools)
            {
                var created = !existing.ContainsKey(s.Id.Value);
                var row = Stage(db, existing, s.Id.Value, s.Version, "spool", s.Code, r => r.Version, r => r.CodeKey, (r, v) => r.Version = v, r => Mapper.Apply(r, s), out var keyChanged);
                if (keyChanged)
                {
                    var key = row.CodeKey;
                    var id = row.Id;
                    keys.Add(("spool", s.Code, () => db.Spools.AnyAsync(x => x.CodeKey == key && x.Id != id, ct)));
                }

                var max = last.GetValueOrDefault(row.Id);
                var added = new List<LedgerEntryKind>();
                foreach (var entry in s.Ledger)
                {
                    if (entry.Sequence > max)
                    {
                        db.Ledger.Add(Mapper.ToRow(s.Id, entry));
                        added.Add(entry.Kind);
                        max = entry.Sequence;
                    }
                }

                last[row.Id] = max;
                log.Add(Logged(StoreEntity.Spool, s.Code, row.Version, StoreChange.OfSpool(created, added)));
            }
        }

        if (changes.Products.Count > 0)
        {
            var ids = changes.Products.Select(p => p.Id.Value).Distinct().ToList();
            var existing = await db.Products.Include(p => p.Bom.OrderBy(b => b.Position)).Include(p => p.Components.OrderBy(c => c.Position))
                .Where(p => ids.Contains(p.Id)).AsSingleQuery().ToDictionaryAsync(p => p.Id, ct).ConfigureAwait(false);
            foreach (var p in changes.Products)
            {
                var row = Stage(db, existing, p.Id.Value, p.Version, "product", p.Sku, r => r.Version, r => r.SkuKey, (r, v) => r.Version = v, r => Mapper.Apply(r, p), out var keyChanged);
                log.Add(Logged(StoreEntity.Product, p.Sku, row.Version, p.Version == 0 ? StoreChangeKind.Created : StoreChangeKind.Changed));
                if (keyChanged)
                {
                    var key = row.SkuKey;
                    var id = row.Id;
                    keys.Add(("product", p.Sku, () => db.Products.AnyAsync(x => x.SkuKey == key && x.Id != id, ct)));
                }
            }
        }

        if (changes.Printers.Count > 0)
        {
            var ids = changes.Printers.Select(p => p.Id.Value).Distinct().ToList();
            var existing = await db.Printers.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct).ConfigureAwait(false);
            foreach (var p in changes.Printers)
            {
                var row = Stage(db, existing, p.Id.Value, p.Version, "printer", p.Name, r => r.Version, r => r.NameKey, (r, v) => r.Version = v, r => Mapper.Apply(r, p), out var keyChanged);
                log.Add(Logged(StoreEntity.Printer, p.Name, row.Version, p.Version == 0 ? StoreChangeKind.Created : StoreChangeKind.Changed));
                if (keyChanged)
                {
                    var key = row.NameKey;
                    var id = row.Id;
                    keys.Add(("printer", p.Name, () => db.Printers.AnyAsync(x => x.NameKey == key && x.Id != id, ct)));
                }
            }
        }

        if (changes.Runs.Count > 0)
        {
            // The provider's query splitting: as one query, SQLite materialises every run's items and BOM lines to
            // join them to this run, a cost that grows with the database.
            var ids = changes.Runs.Select(r => r.Id.Value).Distinct().ToList();
            var existing = await db.Runs
                .Include(r => r.Items.OrderBy(i => i.Position)).ThenInclude(i => i.Bom.OrderBy(b => b.Position))
                .Include(r => r.Materials.OrderBy(m => m.Position))
                .Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct).ConfigureAwait(false);
            foreach (var r in changes.Runs)
            {
                RunStatus? before = existing.TryGetValue(r.Id.Value, out var stored) ? (RunStatus)stored.Status : null;
                var jobBefore = stored?.PrinterJobId;
                var row = Stage(db, existing, r.Id.Value, r.Version, "run", "#" + r.Number, x => x.Version, x => x.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), (x, v) => x.Version = v, x => Mapper.Apply(x, r), out var keyChanged);
                log.Add(Logged(StoreEntity.Run, r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Version, StoreChange.OfRun(before, r.Status)));
                if (keyChanged)
                {
                    var number = row.Number;
                    var id = row.Id;
                    keys.Add(("run", "#" + r.Number, () => db.Runs.AnyAsync(x => x.Number == number && x.Id != id, ct)));
                }

                if (r.PrinterJob is { } job && job.JobId != jobBefore)
                {
                    var (printerId, jobId, id) = (row.PrinterId, job.JobId, row.Id);
                    keys.Add(("printer job", $"{r.PrinterName}/{job.JobId}", () => db.Runs.AnyAsync(x => x.PrinterId == printerId && x.PrinterJobId == jobId && x.Id != id, ct)));
                }
            }
        }

        if (changes.BrandTares.Count > 0)
        {
            var sequence = await db.BrandTares.Select(t => (long?)t.Sequence).MaxAsync(ct).ConfigureAwait(false) ?? 0L;
            var tracked = new Dictionary<(string, string), BrandTareRow>();
            foreach (var t in changes.BrandTares)
            {
                var brandKey = Mapper.Key(t.Brand);
                var typeKey = Mapper.Key(t.SpoolType);
                if (!tracked.TryGetValue((brandKey, typeKey), out var row))
                {
                    row = await db.BrandTares.FirstOrDefaultAsync(x => x.BrandKey == brandKey && x.SpoolTypeKey == typeKey, ct).ConfigureAwait(false);
                    log.Add(Logged(StoreEntity.BrandTare, StoreChange.KeyOf(t), 0, row is null ? StoreChangeKind.Created : StoreChangeKind.Changed));
                    if (row is null)
                    {
                        row = new BrandTareRow { BrandKey = brandKey, SpoolTypeKey = typeKey };
                        db.BrandTares.Add(row);
                    }

                    tracked[(brandKey, typeKey)] = row;
                }

                row.Brand = t.Brand;
                row.SpoolType = t.SpoolType;
                row.Tare = t.Tare.Grams;
                row.Sequence = ++sequence;
            }
        }

        // Keys new to the database: two in the same set, or one another row holds. The unique indexes are the
        // backstop for a writer that commits the same key between this check and the save.
        foreach (var group in keys.GroupBy(k => (k.Entity, Mapper.Key(k.Key))))
        {
            if (group.Count() > 1)
            {
                var first = group.First();
                throw new DuplicateKeyException(first.Entity, first.Key);
            }
        }

        foreach (var (entity, key, taken) in keys)
        {
            if (await taken().ConfigureAwait(false))
            {
                throw new DuplicateKeyException(entity, key);
            }
        }

        await AppendToLogAsync(db, log, ct).ConfigureAwait(false);
    }

    private static ChangeRow Logged(StoreEntity entity, string key, long version, StoreChangeKind kind) =>
        new() { Entity = (int)entity, Key = key, Version = version, Kind = (int)kind };

    /// <summary>
    /// Numbers the set's change log entries from the sequence row and adds them. The update locks the row until the
    /// transaction ends, so a commit that started later but reached this point later too gets the later numbers, and
    /// readers of the log never pass a change that is yet to commit. Every writer takes this lock after its reads and
    /// before its writes, so it adds no lock-order cycle.
    /// </summary>
    private static async Task AppendToLogAsync(BatchivoDbContext db, List<ChangeRow> log, CancellationToken ct)
    {
        var count = log.Count;
        long last;
        if (db.Database.IsRelational())
        {
            await db.ChangeSequence.Where(c => c.Id == 1).ExecuteUpdateAsync(c => c.SetProperty(x => x.Last, x => x.Last + count), ct).ConfigureAwait(false);
            last = await db.ChangeSequence.AsNoTracking().Where(c => c.Id == 1).Select(c => c.Last).SingleAsync(ct).ConfigureAwait(false);
        }
        else
        {
            // EF Core's in-memory database has no statements to update with; its provider runs one call at a time.
            var row = await db.ChangeSequence.SingleAsync(c => c.Id == 1, ct).ConfigureAwait(false);
            last = row.Last += count;
        }

        var sequence = last - count;
        foreach (var change in log)
        {
            change.Sequence = ++sequence;
            db.Changes.Add(change);
        }
    }

    private static TRow Stage<TRow>(
        BatchivoDbContext db,
        Dictionary<Guid, TRow> existing,
        Guid id,
        long version,
        string entity,
        string key,
        Func<TRow, long> versionOf,
        Func<TRow, string> keyOf,
        Action<TRow, long> setVersion,
        Action<TRow> apply,
        out bool keyChanged)
        where TRow : class, new()
    {
        if (existing.TryGetValue(id, out var row))
        {
            // Compare with the version read from the database (the original value), not one staged by an earlier entry of the set.
            var stored = (long)db.Entry(row).Property("Version").OriginalValue!;
            if (stored != version)
            {
                throw new ConcurrencyConflictException(entity, key, version);
            }

            var oldKey = keyOf(row);
            apply(row);
            setVersion(row, version + 1);
            keyChanged = !string.Equals(oldKey, keyOf(row), StringComparison.Ordinal);
            return row;
        }

        if (version != 0)
        {
            throw new ConcurrencyConflictException(entity, key, version);
        }

        row = new TRow();
        apply(row);
        setVersion(row, 1);
        db.Add(row);
        existing[id] = row;
        keyChanged = true;
        return row;
    }

    private static ConcurrencyConflictException Conflict(object? entity, ChangeSet changes, Exception inner)
    {
        switch (entity)
        {
            case SpoolRow s:
                return new ConcurrencyConflictException("spool", s.Code, s.Version - 1, inner);
            case LedgerRow l when changes.Spools.FirstOrDefault(s => s.Id.Value == l.SpoolId) is { } spool:
                return new ConcurrencyConflictException("spool", spool.Code, spool.Version, inner);
            case ProductRow p:
                return new ConcurrencyConflictException("product", p.Sku, p.Version - 1, inner);
            case PrinterRow p:
                return new ConcurrencyConflictException("printer", p.Name, p.Version - 1, inner);
            case RunRow r:
                return new ConcurrencyConflictException("run", "#" + r.Number, r.Version - 1, inner);
            case RunItemRow or RunMaterialRow or RunItemBomRow when changes.Runs.Count > 0:
                var runId = entity switch { RunItemRow i => i.RunId, RunMaterialRow m => m.RunId, RunItemBomRow b => b.RunId, _ => Guid.Empty };
                var run = changes.Runs.FirstOrDefault(r => r.Id.Value == runId) ?? changes.Runs[0];
                return new ConcurrencyConflictException("run", "#" + run.Number, run.Version, inner);
            case BrandTareRow t:
                return new ConcurrencyConflictException("brand tare", t.Brand, 0, inner);
            default:
                var first = changes.Runs.Select(r => ("run", "#" + r.Number, r.Version))
                    .Concat(changes.Spools.Select(s => ("spool", s.Code, s.Version)))
                    .Concat(changes.Products.Select(p => ("product", p.Sku, p.Version)))
                    .Concat(changes.Printers.Select(p => ("printer", p.Name, p.Version)))
                    .FirstOrDefault(("entity", "?", 0L));
                return new ConcurrencyConflictException(first.Item1, first.Item2, first.Item3, inner);
        }
    }

    /// <summary>After a unique index refused the save: finds which key of the set another writer took meanwhile.</summary>
    private async Task<DuplicateKeyException> DuplicateAsync(ChangeSet changes, Exception inner)
    {
        var db = CreateDbContext();
        await using var dispose = db.ConfigureAwait(false);
        foreach (var s in changes.Spools)
        {
            var key = Mapper.Key(s.Code);
            var id = s.Id.Value;
            if (await db.Spools.AnyAsync(x => x.CodeKey == key && x.Id != id).ConfigureAwait(false))
            {
                return new DuplicateKeyException("spool", s.Code, inner);
            }
        }

        foreach (var p in changes.Products)
        {
            var key = Mapper.Key(p.Sku);
            var id = p.Id.Value;
            if (await db.Products.AnyAsync(x => x.SkuKey == key && x.Id != id).ConfigureAwait(false))
            {
                return new DuplicateKeyException("product", p.Sku, inner);
            }
        }

        foreach (var p in changes.Printers)
        {
            var key = Mapper.Key(p.Name);
            var id = p.Id.Value;
            if (await db.Printers.AnyAsync(x => x.NameKey == key && x.Id != id).ConfigureAwait(false))
            {
                return new DuplicateKeyException("printer", p.Name, inner);
            }
        }

        foreach (var r in changes.Runs)
        {
            var number = r.Number;
            var id = r.Id.Value;
            if (await db.Runs.AnyAsync(x => x.Number == number && x.Id != id).ConfigureAwait(false))
            {
                return new DuplicateKeyException("run", "#" + r.Number, inner);
            }

            if (r.PrinterJob is { } job)
            {
                var printerId = r.PrinterId.Value;
                if (await db.Runs.AnyAsync(x => x.PrinterId == printerId && x.PrinterJobId == job.JobId && x.Id != id).ConfigureAwait(false))
                {
                    return new DuplicateKeyException("printer job", $"{r.PrinterName}/{job.JobId}", inner);
                }
            }
        }

        return new DuplicateKeyException("entity", "?", inner);
    }
}

