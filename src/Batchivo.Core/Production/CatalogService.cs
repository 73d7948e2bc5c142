using Batchivo.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

/// <summary>What the service needs to describe a new spool.</summary>
/// <param name="Code">The unique code, e.g. PLA-001.</param>
/// <param name="Material">The filament.</param>
/// <param name="NominalNet">The nominal net weight, e.g. 1000 g.</param>
/// <param name="Price">The purchase price.</param>
/// <param name="Tare">The empty-spool weight, if known.</param>
/// <param name="SpoolType">The kind of spool, to find a brand tare.</param>
/// <param name="GrossWeight">A first weighing, if weighed.</param>
public sealed record NewSpool(string Code, Material Material, Mass NominalNet, Money Price, Mass? Tare = null, string? SpoolType = null, Mass? GrossWeight = null);

/// <summary>
/// The catalog: spools and their ledgers, brand tares, products with their BOMs, printers. Every change loads what it
/// needs, lets the domain decide, and commits at once; a refused change stores nothing.
/// </summary>
/// <remarks>Thread-safe as long as the store is: it keeps no state between calls.</remarks>
public sealed class CatalogService
{
    private readonly StoreAccess _s;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="subscribers">Told the events of each commit (see <see cref="IBatchivoEventSubscriber"/>); none when null.</param>
    /// <param name="loggerFactory">Where run transitions and failing subscribers are logged; nowhere when null.</param>
    public CatalogService(IProductionStore store, TimeProvider? time = null, IEnumerable<IBatchivoEventSubscriber>? subscribers = null, ILoggerFactory? loggerFactory = null)
    {
        _s = new StoreAccess(store, time, subscribers, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CatalogService>());
    }

    /// <summary>Adds a spool.</summary>
    /// <param name="spool">The spool's description.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored spool.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    /// <exception cref="DuplicateKeyException">The code is taken.</exception>
    public async Task<Spool> AddSpoolAsync(NewSpool spool, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.AddSpool");
        ArgumentNullException.ThrowIfNull(spool);
        var created = Spool.Create(spool.Code, spool.Material, spool.NominalNet, spool.Price, _s.Now, spool.Tare, spool.SpoolType, spool.GrossWeight);
        if (await _s.Store.FindSpoolByCodeAsync(created.Code, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateKeyException("spool", created.Code);
        }

        await _s.CommitAsync(new ChangeSet().Put(created), cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Records a weighing of a spool outside a run (e.g. a stock check).</summary>
    /// <param name="code">The spool's code.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="note">Why, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    /// <exception cref="DomainRuleException">The weight is not positive, or the spool is in a run in progress.</exception>
    public async Task<Spool> WeighSpoolAsync(SpoolRef code, Mass gross, string? note = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.WeighSpool");
        var spool = await _s.GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        await _s.RequireIdleAsync(spool, "weighed outside its run", cancellationToken).ConfigureAwait(false);
        spool.RecordWeighing(gross, _s.Now, note);
        await _s.CommitAsync(new ChangeSet().Put(spool), cancellationToken).ConfigureAwait(false);
        return spool;
    }

    /// <summary>Corrects a spool's weight by hand, with a reason kept in its ledger.</summary>
    /// <param name="code">The spool's code.</param>
    /// <param name="gross">The corrected gross weight.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    /// <exception cref="DomainRuleException">The weight is not positive, the reason is missing, or the spool is in a run in progress.</exception>
    public async Task<Spool> AdjustSpoolAsync(SpoolRef code, Mass gross, string reason, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.AdjustSpool");
        var spool = await _s.GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        await _s.RequireIdleAsync(spool, "corrected", cancellationToken).ConfigureAwait(false);
        spool.Adjust(gross, reason, _s.Now);
        await _s.CommitAsync(new ChangeSet().Put(spool), cancellationToken).ConfigureAwait(false);
        return spool;
    }

    /// <summary>Changes a spool's catalog data.</summary>
    /// <param name="code">The spool's code.</param>
    /// <param name="edit">The change; each null keeps what the spool has.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    /// <exception cref="DomainRuleException">A value is out of range; nothing is stored.</exception>
    public async Task<Spool> EditSpoolAsync(SpoolRef code, SpoolEdit edit, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.EditSpool");
        ArgumentNullException.ThrowIfNull(edit);
        var spool = await _s.GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        spool.Edit(edit);
        await _s.CommitAsync(new ChangeSet().Put(spool), cancellationToken).ConfigureAwait(false);
        return spool;
    }

    /// <summary>Registers (or replaces) the empty-spool weight of a brand.</summary>
    /// <param name="brandTare">The entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="DomainRuleException">The brand is empty or the tare not positive.</exception>
    public Task SetBrandTareAsync(BrandTare brandTare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brandTare);
        return _s.CommitAsync(new ChangeSet().Put(brandTare), cancellationToken);
    }

    /// <summary>The brand tare registry.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registry.</returns>
    public Task<BrandTareRegistry> GetBrandTaresAsync(CancellationToken cancellationToken = default) =>
        _s.GetBrandTaresAsync(cancellationToken);

    /// <summary>Adds a product.</summary>
    /// <param name="sku">The unique SKU.</param>
    /// <param name="name">The name.</param>
    /// <param name="bom">The material lines.</param>
    /// <param name="printTimePerUnit">Optional print time per unit.</param>
    /// <param name="components">Optional components.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored product.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    /// <exception cref="DuplicateKeyException">The SKU is taken.</exception>
    public async Task<Product> AddProductAsync(string sku, string name, IEnumerable<BomLine> bom, TimeSpan? printTimePerUnit = null, IEnumerable<ProductComponent>? components = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.AddProduct");
        var product = Product.Create(sku, name, bom, printTimePerUnit, components);
        if (await _s.Store.FindProductBySkuAsync(product.Sku, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateKeyException("product", product.Sku);
        }

        await _s.CommitAsync(new ChangeSet().Put(product), cancellationToken).ConfigureAwait(false);
        return product;
    }

    /// <summary>Changes a product.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="edit">The change; each null keeps what the product has.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product.</returns>
    /// <exception cref="NotFoundException">No such product.</exception>
    /// <exception cref="DomainRuleException">A value is out of range; nothing is stored.</exception>
    public async Task<Product> EditProductAsync(string sku, ProductEdit edit, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.EditProduct");
        ArgumentNullException.ThrowIfNull(edit);
        var product = await _s.GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        product.Edit(edit);
        await _s.CommitAsync(new ChangeSet().Put(product), cancellationToken).ConfigureAwait(false);
        return product;
    }

    /// <summary>Changes a printer's model or material slots.</summary>
    /// <param name="name">The printer's name.</param>
    /// <param name="edit">What changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printer.</returns>
    /// <exception cref="NotFoundException">No such printer.</exception>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    public async Task<Printer> EditPrinterAsync(string name, PrinterEdit edit, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.EditPrinter");
        ArgumentNullException.ThrowIfNull(edit);
        var printer = await _s.GetPrinterAsync(name, cancellationToken).ConfigureAwait(false);
        printer.Edit(edit.Model, edit.MaterialSlots);
        await _s.CommitAsync(new ChangeSet().Put(printer), cancellationToken).ConfigureAwait(false);
        return printer;
    }

    /// <summary>Lists the spools, by code.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spools.</returns>
    public Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default) =>
        _s.Store.ListSpoolsAsync(cancellationToken);

    /// <summary>Lists the products, by SKU.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The products.</returns>
    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default) =>
        _s.Store.ListProductsAsync(cancellationToken);

    /// <summary>Lists the printers, by name.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printers.</returns>
    public Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) =>
        _s.Store.ListPrintersAsync(cancellationToken);

    /// <summary>Adds a printer.</summary>
    /// <param name="name">The unique name.</param>
    /// <param name="model">The model.</param>
    /// <param name="materialSlots">Material slots.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored printer.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    /// <exception cref="DuplicateKeyException">The name is taken.</exception>
    public async Task<Printer> AddPrinterAsync(string name, string model, int materialSlots = 1, CancellationToken cancellationToken = default)
    {
        using var activity = StoreAccess.Trace("CatalogService.AddPrinter");
        var printer = Printer.Create(name, model, materialSlots);
        if (await _s.Store.FindPrinterByNameAsync(printer.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateKeyException("printer", printer.Name);
        }

        await _s.CommitAsync(new ChangeSet().Put(printer), cancellationToken).ConfigureAwait(false);
        return printer;
    }

    /// <summary>Finds a spool by code or throws.</summary>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    public Task<Spool> GetSpoolAsync(string code, CancellationToken cancellationToken = default) =>
        _s.GetSpoolAsync(code, cancellationToken);

    /// <summary>Finds a product by SKU or throws.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product.</returns>
    /// <exception cref="NotFoundException">No such product.</exception>
    public Task<Product> GetProductAsync(string sku, CancellationToken cancellationToken = default) =>
        _s.GetProductAsync(sku, cancellationToken);

    /// <summary>Finds a printer by name or throws.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printer.</returns>
    /// <exception cref="NotFoundException">No such printer.</exception>
    public Task<Printer> GetPrinterAsync(string name, CancellationToken cancellationToken = default) =>
        _s.GetPrinterAsync(name, cancellationToken);
}
