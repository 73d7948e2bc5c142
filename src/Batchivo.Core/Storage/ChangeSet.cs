using Batchivo.Catalog;
using Batchivo.Diagnostics;
using Batchivo.Production;

namespace Batchivo.Storage;

/// <summary>
/// The entities one operation changed, to be stored together in one transaction by
/// <see cref="IProductionStore.CommitAsync"/>. Each entry is a snapshot taken when it was added, carrying the version
/// the entity was read at (0 for a new entity).
/// </summary>
/// <remarks>Not thread-safe. <see cref="IProductionStore.CommitAsync"/> advances the versions of the entities put into the set once they are stored.</remarks>
public sealed class ChangeSet
{
    private readonly List<SpoolState> _spools = [];
    private readonly List<ProductState> _products = [];
    private readonly List<PrinterState> _printers = [];
    private readonly List<ProductionRunState> _runs = [];
    private readonly List<BrandTare> _brandTares = [];
    private readonly List<Action> _onCommitted = [];

    /// <summary>Spools to insert (version 0) or update.</summary>
    public IReadOnlyList<SpoolState> Spools => _spools;

    /// <summary>Products to insert (version 0) or update.</summary>
    public IReadOnlyList<ProductState> Products => _products;

    /// <summary>Printers to insert (version 0) or update.</summary>
    public IReadOnlyList<PrinterState> Printers => _printers;

    /// <summary>Runs to insert (version 0) or update.</summary>
    public IReadOnlyList<ProductionRunState> Runs => _runs;

    /// <summary>Brand tares to insert or replace (by brand and spool type).</summary>
    public IReadOnlyList<BrandTare> BrandTares => _brandTares;

    /// <summary>True when there is nothing to store.</summary>
    public bool IsEmpty => _spools.Count + _products.Count + _printers.Count + _runs.Count + _brandTares.Count == 0;

    /// <summary>Adds a spool.</summary>
    /// <param name="spool">The spool.</param>
    /// <returns>This set.</returns>
    public ChangeSet Put(Spool spool)
    {
        ArgumentNullException.ThrowIfNull(spool);
        _spools.Add(spool.ToState());
        Facts.AddSpool(spool);
        var ledger = spool.Ledger.Count;
        _onCommitted.Add(() => spool.AcceptCommit(ledger));
        return this;
    }

    /// <summary>Adds a product.</summary>
    /// <param name="product">The product.</param>
    /// <returns>This set.</returns>
    public ChangeSet Put(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        _products.Add(product.ToState());
        _onCommitted.Add(product.AcceptCommit);
        return this;
    }

    /// <summary>Adds a printer.</summary>
    /// <param name="printer">The printer.</param>
    /// <returns>This set.</returns>
    public ChangeSet Put(Printer printer)
    {
        ArgumentNullException.ThrowIfNull(printer);
        _printers.Add(printer.ToState());
        _onCommitted.Add(printer.AcceptCommit);
        return this;
    }

    /// <summary>Adds a run.</summary>
    /// <param name="run">The run.</param>
    /// <returns>This set.</returns>
    public ChangeSet Put(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _runs.Add(run.ToState());
        Facts.AddRun(run);
        var status = run.Status;
        _onCommitted.Add(() => run.AcceptCommit(status));
        return this;
    }

    /// <summary>Adds a brand tare.</summary>
    /// <param name="brandTare">The entry.</param>
    /// <returns>This set.</returns>
    public ChangeSet Put(BrandTare brandTare)
    {
        ArgumentNullException.ThrowIfNull(brandTare);
        _brandTares.Add(brandTare.Validate());
        return this;
    }

    /// <summary>The runs' transitions and the ledger entries this set commits, for the meter and the events.</summary>
    internal CommitFacts Facts { get; } = new();

    /// <summary>Advances the versions of the live objects after the store committed the set (once).</summary>
    internal void AcceptCommit()
    {
        foreach (var accept in _onCommitted)
        {
            accept();
        }

        _onCommitted.Clear();
    }
}
