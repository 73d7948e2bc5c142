using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage;

namespace Batchivo.Core.Tests.Support;

/// <summary>
/// Core's <see cref="InMemoryProductionStore"/> with what the tests need around it: a count of successful commits,
/// a storage fault injected into the next commit (after nothing was stored), and run numbers starting where a test wants.
/// </summary>
public sealed class InMemoryStore : IProductionStore
{
    private readonly InMemoryProductionStore _inner = new();

    /// <summary>Commits so far (successful ones).</summary>
    public int CommitCount { get; private set; }

    /// <summary>When set, the next commit throws this and stores nothing.</summary>
    public Exception? FailNextCommit { get; set; }

    /// <summary>Makes the next reserved run number <paramref name="last"/> + 1.</summary>
    public void StartNumbersAfter(int last)
    {
        while (_inner.ReserveRunNumberAsync().Result < last)
        {
        }
    }

    public Task<Spool?> FindSpoolAsync(SpoolId id, CancellationToken cancellationToken = default) => _inner.FindSpoolAsync(id, cancellationToken);

    public Task<Spool?> FindSpoolByCodeAsync(string code, CancellationToken cancellationToken = default) => _inner.FindSpoolByCodeAsync(code, cancellationToken);

    public Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default) => _inner.ListSpoolsAsync(cancellationToken);

    public Task<Product?> FindProductAsync(ProductId id, CancellationToken cancellationToken = default) => _inner.FindProductAsync(id, cancellationToken);

    public Task<Product?> FindProductBySkuAsync(string sku, CancellationToken cancellationToken = default) => _inner.FindProductBySkuAsync(sku, cancellationToken);

    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default) => _inner.ListProductsAsync(cancellationToken);

    public Task<Printer?> FindPrinterAsync(PrinterId id, CancellationToken cancellationToken = default) => _inner.FindPrinterAsync(id, cancellationToken);

    public Task<Printer?> FindPrinterByNameAsync(string name, CancellationToken cancellationToken = default) => _inner.FindPrinterByNameAsync(name, cancellationToken);

    public Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) => _inner.ListPrintersAsync(cancellationToken);

    public Task<IReadOnlyList<BrandTare>> ListBrandTaresAsync(CancellationToken cancellationToken = default) => _inner.ListBrandTaresAsync(cancellationToken);

    public Task<ProductionRun?> FindRunAsync(RunId id, CancellationToken cancellationToken = default) => _inner.FindRunAsync(id, cancellationToken);

    /// <summary>When set, runs once right after the next run is read by number: another writer acting between a read and its commit.</summary>
    public Func<Task>? AfterNextRunRead { get; set; }

    public async Task<ProductionRun?> FindRunByNumberAsync(int number, CancellationToken cancellationToken = default)
    {
        var run = await _inner.FindRunByNumberAsync(number, cancellationToken);
        if (AfterNextRunRead is { } interleave)
        {
            AfterNextRunRead = null;
            await interleave();
        }

        return run;
    }

    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) => _inner.ListRunsAsync(query, cancellationToken);

    public Task<IReadOnlyList<ProductionRun>> ListReprintsAsync(RunId originalRunId, CancellationToken cancellationToken = default) => _inner.ListReprintsAsync(originalRunId, cancellationToken);

    public Task<int> ReserveRunNumberAsync(CancellationToken cancellationToken = default) => _inner.ReserveRunNumberAsync(cancellationToken);

    public Task<IReadOnlyList<StoreChange>> ReadChangesAsync(long after, int take, CancellationToken cancellationToken = default) => _inner.ReadChangesAsync(after, take, cancellationToken);

    public Task<long> LastChangeAsync(CancellationToken cancellationToken = default) => _inner.LastChangeAsync(cancellationToken);

    /// <summary>Commits through the store contract (which advances the versions), as the service does.</summary>
    public Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default) =>
        ((IProductionStore)this).CommitAsync(changes, cancellationToken);

    async Task IProductionStore.WriteChangesAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        if (FailNextCommit is { } fault)
        {
            FailNextCommit = null;
            throw fault;
        }

        await ((IProductionStore)_inner).CommitAsync(changes, cancellationToken);
        CommitCount++;
    }
}
