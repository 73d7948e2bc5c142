using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Storage;

namespace Batchivo.Production;

// The catalog: spools and their ledgers, brand tares, products with their BOMs, printers.
public sealed partial class ProductionService
{
    /// <summary>Adds a spool.</summary>
    /// <param name="spool">The spool's description.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored spool.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    /// <exception cref="DuplicateKeyException">The code is taken.</exception>
    public async Task<Spool> AddSpoolAsync(NewSpool spool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spool);
        var created = Spool.Create(spool.Code, spool.Material, spool.NominalNet, spool.Price, Now, spool.Tare, spool.SpoolType, spool.GrossWeight);
        if (await _store.FindSpoolByCodeAsync(created.Code, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateKeyException("spool", created.Code);
        }

        await CommitAsync(new ChangeSet().Put(created), cancellationToken).ConfigureAwait(false);
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
    public async Task<Spool> WeighSpoolAsync(string code, Mass gross, string? note = null, CancellationToken cancellationToken = default)
    {
        var spool = await GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        await RequireIdleAsync(spool, "weighed outside its run", cancellationToken).ConfigureAwait(false);
        spool.RecordWeighing(gross, Now, note);
        await CommitAsync(new ChangeSet().Put(spool), cancellationToken).ConfigureAwait(false);
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
    public async Task<Spool> AdjustSpoolAsync(string code, Mass gross, string reason, CancellationToken cancellationToken = default)
    {
        var spool = await GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        await RequireIdleAsync(spool, "corrected", cancellationToken).ConfigureAwait(false);
        spool.Adjust(gross, reason, Now);
        await CommitAsync(new ChangeSet().Put(spool), cancellationToken).ConfigureAwait(false);
        return spool;
    }

    /// <summary>Changes a spool's catalog data.</summary>
    /// <param name="code">The spool's code.</param>
    /// <param name="edit">The change; each null keeps what the spool has.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    /// <exception cref="DomainRuleException">A value is out of range; nothing is stored.</exception>
    public async Task<Spool> EditSpoolAsync(string code, SpoolEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var spool = await GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        spool.Edit(edit);
        await CommitAsync(new ChangeSet().Put(spool), cancellationToken).ConfigureAwait(false);
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
        return CommitAsync(new ChangeSet().Put(brandTare), cancellationToken);
    }

    /// <summary>The brand tare registry.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registry.</returns>
    public async Task<BrandTareRegistry> GetBrandTaresAsync(CancellationToken cancellationToken = default) =>
        new(await _store.ListBrandTaresAsync(cancellationToken).ConfigureAwait(false));

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
        var product = Product.Create(sku, name, bom, printTimePerUnit, components);
        if (await _store.FindProductBySkuAsync(product.Sku, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateKeyException("product", product.Sku);
        }

        await CommitAsync(new ChangeSet().Put(product), cancellationToken).ConfigureAwait(false);
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
        ArgumentNullException.ThrowIfNull(edit);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        product.Edit(edit);
        await CommitAsync(new ChangeSet().Put(product), cancellationToken).ConfigureAwait(false);
        return product;
    }

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
        var printer = Printer.Create(name, model, materialSlots);
        if (await _store.FindPrinterByNameAsync(printer.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateKeyException("printer", printer.Name);
        }

        await CommitAsync(new ChangeSet().Put(printer), cancellationToken).ConfigureAwait(false);
        return printer;
    }

    /// <summary>Finds a spool by code or throws.</summary>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    public async Task<Spool> GetSpoolAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return await _store.FindSpoolByCodeAsync(code.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("spool", code);
    }

    /// <summary>Finds a product by SKU or throws.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product.</returns>
    /// <exception cref="NotFoundException">No such product.</exception>
    public async Task<Product> GetProductAsync(string sku, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sku);
        return await _store.FindProductBySkuAsync(sku.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", sku);
    }

    /// <summary>Finds a printer by name or throws.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printer.</returns>
    /// <exception cref="NotFoundException">No such printer.</exception>
    public async Task<Printer> GetPrinterAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await _store.FindPrinterByNameAsync(name.Trim(), cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", name);
    }

    private async Task RequireIdleAsync(Spool spool, string what, CancellationToken cancellationToken)
    {
        if (spool.ActiveRunId is { } run)
        {
            var number = (await _store.FindRunAsync(run, cancellationToken).ConfigureAwait(false))?.Number;
            var where = number is { } n ? $"run #{n}" : "a run";
            throw new SpoolInUseException(spool.Code, run, number, $"Spool {spool.Code} is on a printer in {where}, which is in progress, and cannot be {what}. Record its weight after in that run instead.");
        }
    }
}
