using Batchivo;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Acme.Plugin;

/// <summary>
/// The store: a starting point that keeps everything in memory and passes the conformance kit (it is a copy of Core's
/// reference store). Replace the dictionaries with your storage, one transaction per <c>WriteChangesAsync</c>, and
/// keep the kit passing.
/// </summary>
/// <remarks>Thread-safe: every call runs under one lock. Objects returned are new copies owned by the caller.</remarks>
public sealed class AcmePluginStore : IProductionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SpoolId, SpoolState> _spools = [];
    private readonly Dictionary<ProductId, ProductState> _products = [];
    private readonly Dictionary<PrinterId, PrinterState> _printers = [];
    private readonly Dictionary<RunId, ProductionRunState> _runs = [];
    private readonly List<BrandTare> _brandTares = [];
    private readonly List<StoreChange> _changes = [];
    private int _lastRunNumber;

    /// <inheritdoc />
    public Task<Spool?> FindSpoolAsync(SpoolId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _spools.TryGetValue(id, out var s) ? Spool.Restore(s) : null));

    /// <inheritdoc />
    public Task<Spool?> FindSpoolByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _spools.Values.Where(s => Same(s.Code, code)).Select(Spool.Restore).FirstOrDefault()));

    /// <inheritdoc />
    public Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Spool>>(Read(() => _spools.Values.OrderBy(s => s.Code, StringComparer.OrdinalIgnoreCase).Select(Spool.Restore).ToList()));

    /// <inheritdoc />
    public Task<Product?> FindProductAsync(ProductId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _products.TryGetValue(id, out var p) ? Product.Restore(p) : null));

    /// <inheritdoc />
    public Task<Product?> FindProductBySkuAsync(string sku, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _products.Values.Where(p => Same(p.Sku, sku)).Select(Product.Restore).FirstOrDefault()));

    /// <inheritdoc />
    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Product>>(Read(() => _products.Values.OrderBy(p => p.Sku, StringComparer.OrdinalIgnoreCase).Select(Product.Restore).ToList()));

    /// <inheritdoc />
    public Task<Printer?> FindPrinterAsync(PrinterId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _printers.TryGetValue(id, out var p) ? Printer.Restore(p) : null));

    /// <inheritdoc />
    public Task<Printer?> FindPrinterByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _printers.Values.Where(p => Same(p.Name, name)).Select(Printer.Restore).FirstOrDefault()));

    /// <inheritdoc />
    public Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Printer>>(Read(() => _printers.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(Printer.Restore).ToList()));

    /// <inheritdoc />
    public Task<IReadOnlyList<BrandTare>> ListBrandTaresAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BrandTare>>(Read(() => _brandTares.ToList()));

    /// <inheritdoc />
    public Task<ProductionRun?> FindRunAsync(RunId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _runs.TryGetValue(id, out var r) ? ProductionRun.Restore(r) : null));

    /// <inheritdoc />
    public Task<ProductionRun?> FindRunByNumberAsync(int number, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _runs.Values.Where(r => r.Number == number).Select(ProductionRun.Restore).FirstOrDefault()));

    /// <inheritdoc />
    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductionRun>>(Read(() =>
        {
            var runs = _runs.Values.OrderBy(r => r.Number).Select(ProductionRun.Restore).Where(query.Matches).Skip(query.Skip);
            return (query.Take is { } take ? runs.Take(take) : runs).ToList();
        }));

    /// <inheritdoc />
    public Task<IReadOnlyList<ProductionRun>> ListReprintsAsync(RunId originalRunId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductionRun>>(Read(() => _runs.Values.Where(r => r.OriginalRunId == originalRunId).OrderBy(r => r.Number).Select(ProductionRun.Restore).ToList()));

    /// <inheritdoc />
    public Task<int> ReserveRunNumberAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => ++_lastRunNumber));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoreChange>> ReadChangesAsync(long after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        return Task.FromResult<IReadOnlyList<StoreChange>>(Read(() => _changes.Where(c => c.Sequence > after).Take(take).ToList()));
    }

    /// <inheritdoc />
    public Task<long> LastChangeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _changes.Count > 0 ? _changes[^1].Sequence : 0));

    /// <inheritdoc />
    Task IProductionStore.WriteChangesAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            foreach (var s in changes.Spools)
            {
                Check(_spools, s.Id, s.Version, "spool", s.Code, x => x.Version);
                Unique(_spools.Values.Where(o => o.Id != s.Id).Any(o => Same(o.Code, s.Code)), "spool", s.Code);
            }

            foreach (var p in changes.Products)
            {
                Check(_products, p.Id, p.Version, "product", p.Sku, x => x.Version);
                Unique(_products.Values.Where(o => o.Id != p.Id).Any(o => Same(o.Sku, p.Sku)), "product", p.Sku);
            }

            foreach (var p in changes.Printers)
            {
                Check(_printers, p.Id, p.Version, "printer", p.Name, x => x.Version);
                Unique(_printers.Values.Where(o => o.Id != p.Id).Any(o => Same(o.Name, p.Name)), "printer", p.Name);
            }

            foreach (var r in changes.Runs)
            {
                Check(_runs, r.Id, r.Version, "run", "#" + r.Number, x => x.Version);
                Unique(_runs.Values.Where(o => o.Id != r.Id).Any(o => o.Number == r.Number), "run", "#" + r.Number);
                if (r.PrinterJob is { } job)
                {
                    Unique(_runs.Values.Where(o => o.Id != r.Id).Any(o => o.PrinterId == r.PrinterId && o.PrinterJob?.JobId == job.JobId), "printer job", $"{r.PrinterName}/{job.JobId}");
                }
            }

            foreach (var s in changes.Spools)
            {
                var last = _spools.TryGetValue(s.Id, out var before) ? before.Ledger.Select(e => e.Sequence).DefaultIfEmpty().Max() : 0;
                Log(StoreEntity.Spool, s.Code, s.Version + 1, StoreChange.OfSpool(before is null, s.Ledger.Where(e => e.Sequence > last).Select(e => e.Kind)));
                _spools[s.Id] = s with { Version = s.Version + 1 };
            }

            foreach (var p in changes.Products)
            {
                Log(StoreEntity.Product, p.Sku, p.Version + 1, p.Version == 0 ? StoreChangeKind.Created : StoreChangeKind.Changed);
                _products[p.Id] = p with { Version = p.Version + 1 };
            }

            foreach (var p in changes.Printers)
            {
                Log(StoreEntity.Printer, p.Name, p.Version + 1, p.Version == 0 ? StoreChangeKind.Created : StoreChangeKind.Changed);
                _printers[p.Id] = p with { Version = p.Version + 1 };
            }

            foreach (var r in changes.Runs)
            {
                Log(StoreEntity.Run, r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Version + 1, StoreChange.OfRun(_runs.TryGetValue(r.Id, out var before) ? before.Status : null, r.Status));
                _runs[r.Id] = r with { Version = r.Version + 1 };
            }

            foreach (var t in changes.BrandTares)
            {
                var replaced = _brandTares.RemoveAll(o => Same(o.Brand, t.Brand) && Same(o.SpoolType ?? string.Empty, t.SpoolType ?? string.Empty));
                Log(StoreEntity.BrandTare, StoreChange.KeyOf(t), 0, replaced > 0 ? StoreChangeKind.Changed : StoreChangeKind.Created);
                _brandTares.Add(t);
            }
        }

        return Task.CompletedTask;
    }

    private void Log(StoreEntity entity, string key, long version, StoreChangeKind kind) =>
        _changes.Add(new StoreChange(_changes.Count + 1, entity, key, version, kind));

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static void Check<TKey, TState>(Dictionary<TKey, TState> table, TKey id, long version, string entity, string key, Func<TState, long> versionOf)
        where TKey : notnull
    {
        var stored = table.TryGetValue(id, out var s) ? versionOf(s) : 0;
        if (stored != version)
        {
            throw new ConcurrencyConflictException(entity, key, version);
        }
    }

    private static void Unique(bool taken, string entity, string key)
    {
        if (taken)
        {
            throw new DuplicateKeyException(entity, key);
        }
    }
}
