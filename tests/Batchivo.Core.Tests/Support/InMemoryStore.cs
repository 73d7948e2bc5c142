using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Core.Tests.Support;

/// <summary>
/// A small store for Core's tests: keeps immutable states under one lock, checks versions and unique keys
/// before writing anything, so a commit is all or nothing.
/// </summary>
public sealed class InMemoryStore : IProductionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SpoolId, SpoolState> _spools = [];
    private readonly Dictionary<ProductId, ProductState> _products = [];
    private readonly Dictionary<PrinterId, PrinterState> _printers = [];
    private readonly Dictionary<RunId, ProductionRunState> _runs = [];
    private readonly List<BrandTare> _brandTares = [];
    private int _lastRunNumber;

    /// <summary>Commits so far (successful ones).</summary>
    public int CommitCount { get; private set; }

    /// <summary>When set, the next commit throws this after its checks (a storage fault) and stores nothing.</summary>
    public Exception? FailNextCommit { get; set; }

    public Task<Spool?> FindSpoolAsync(SpoolId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _spools.TryGetValue(id, out var s) ? Spool.Restore(s) : null));

    public Task<Spool?> FindSpoolByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _spools.Values.Where(s => Same(s.Code, code)).Select(Spool.Restore).FirstOrDefault()));

    public Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Spool>>(Read(() => _spools.Values.OrderBy(s => s.Code, StringComparer.OrdinalIgnoreCase).Select(Spool.Restore).ToList()));

    public Task<Product?> FindProductAsync(ProductId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _products.TryGetValue(id, out var p) ? Product.Restore(p) : null));

    public Task<Product?> FindProductBySkuAsync(string sku, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _products.Values.Where(p => Same(p.Sku, sku)).Select(Product.Restore).FirstOrDefault()));

    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Product>>(Read(() => _products.Values.OrderBy(p => p.Sku, StringComparer.OrdinalIgnoreCase).Select(Product.Restore).ToList()));

    public Task<Printer?> FindPrinterAsync(PrinterId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _printers.TryGetValue(id, out var p) ? Printer.Restore(p) : null));

    public Task<Printer?> FindPrinterByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _printers.Values.Where(p => Same(p.Name, name)).Select(Printer.Restore).FirstOrDefault()));

    public Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Printer>>(Read(() => _printers.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(Printer.Restore).ToList()));

    public Task<IReadOnlyList<BrandTare>> ListBrandTaresAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BrandTare>>(Read(() => _brandTares.ToList()));

    public Task<ProductionRun?> FindRunAsync(RunId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _runs.TryGetValue(id, out var r) ? ProductionRun.Restore(r) : null));

    public Task<ProductionRun?> FindRunByNumberAsync(int number, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _runs.Values.Where(r => r.Number == number).Select(ProductionRun.Restore).FirstOrDefault()));

    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductionRun>>(Read(() =>
        {
            var runs = _runs.Values.OrderBy(r => r.Number).Select(ProductionRun.Restore).Where(query.Matches).Skip(query.Skip);
            return (query.Take is { } take ? runs.Take(take) : runs).ToList();
        }));

    public Task<IReadOnlyList<ProductionRun>> ListReprintsAsync(RunId originalRunId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductionRun>>(Read(() => _runs.Values.Where(r => r.OriginalRunId == originalRunId).OrderBy(r => r.Number).Select(ProductionRun.Restore).ToList()));

    public Task<int> ReserveRunNumberAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => ++_lastRunNumber));

    public Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default)
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
            }

            if (FailNextCommit is { } fault)
            {
                FailNextCommit = null;
                throw fault;
            }

            foreach (var s in changes.Spools)
            {
                _spools[s.Id] = s with { Version = s.Version + 1 };
            }

            foreach (var p in changes.Products)
            {
                _products[p.Id] = p with { Version = p.Version + 1 };
            }

            foreach (var p in changes.Printers)
            {
                _printers[p.Id] = p with { Version = p.Version + 1 };
            }

            foreach (var r in changes.Runs)
            {
                _runs[r.Id] = r with { Version = r.Version + 1 };
            }

            foreach (var t in changes.BrandTares)
            {
                _brandTares.RemoveAll(o => Same(o.Brand, t.Brand) && Same(o.SpoolType ?? string.Empty, t.SpoolType ?? string.Empty));
                _brandTares.Add(t);
            }

            CommitCount++;
        }

        return Task.CompletedTask;
    }

    /// <summary>Makes the next reserved run number <paramref name="last"/> + 1.</summary>
    public void StartNumbersAfter(int last) => _lastRunNumber = last;

    /// <summary>Adds runs directly (for statistics tests over many runs).</summary>
    public void Seed(IEnumerable<ProductionRun> runs)
    {
        lock (_gate)
        {
            foreach (var run in runs)
            {
                _runs[run.Id] = run.ToState();
                _lastRunNumber = Math.Max(_lastRunNumber, run.Number);
            }
        }
    }

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
