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

/// <summary>The result of starting a run: the run and its pre-flight warnings.</summary>
/// <param name="Run">The run, now in progress.</param>
/// <param name="Warnings">Pre-flight warnings (spools that may run out).</param>
public sealed record StartResult(ProductionRun Run, IReadOnlyList<PreflightWarning> Warnings);

/// <summary>
/// Drives the production workflow against a store: catalog, runs from draft to completion, reports, statistics and
/// BOM calibration. Every operation loads what it needs, lets the domain decide, and commits all changes at once.
/// </summary>
/// <remarks>
/// Thread-safe as long as the store is: it keeps no state between calls. A refused operation stores nothing.
/// When two writers race, the store refuses the stale one with <see cref="ConcurrencyConflictException"/>.
/// </remarks>
public sealed class ProductionService
{
    private readonly IProductionStore _store;
    /// <summary>The pause between readings while a scale settles, when every reading is reported.</summary>
    private static readonly TimeSpan ScalePollInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly IScaleDirectory? _scales;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="scales">
    /// The host's named scales, for <see cref="WeighBeforeAsync(int, string, string, TimeSpan, CancellationToken)"/> and
    /// <see cref="WeighAfterAsync(int, string, string, TimeSpan, CancellationToken)"/> (in a host built with <c>AddBatchivo</c>,
    /// its <c>BatchivoDevices</c>); none when null.
    /// </param>
    public ProductionService(IProductionStore store, TimeProvider? time = null, IScaleDirectory? scales = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
        _scales = scales;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    // ---- Catalog ---------------------------------------------------------------------------------

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
    /// <param name="edit">Applies the change to the spool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="NotFoundException">No such spool.</exception>
    public async Task<Spool> EditSpoolAsync(string code, Action<Spool> edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var spool = await GetSpoolAsync(code, cancellationToken).ConfigureAwait(false);
        edit(spool);
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
    /// <param name="edit">Applies the change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product.</returns>
    /// <exception cref="NotFoundException">No such product.</exception>
    public async Task<Product> EditProductAsync(string sku, Action<Product> edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        edit(product);
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

    /// <summary>Finds a run by number or throws.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run.</exception>
    public async Task<ProductionRun> GetRunAsync(int number, CancellationToken cancellationToken = default) =>
        await _store.FindRunByNumberAsync(number, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("run", "#" + number);

    // ---- Runs ------------------------------------------------------------------------------------

    /// <summary>Creates a draft run on a printer.</summary>
    /// <param name="printerName">The printer.</param>
    /// <param name="estimatedDuration">The estimated print time, if known.</param>
    /// <param name="notes">Notes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such printer.</exception>
    public async Task<ProductionRun> CreateRunAsync(string printerName, TimeSpan? estimatedDuration = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        var printer = await GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var number = await _store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
        var run = ProductionRun.Create(number, printer, Now, estimatedDuration, notes);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Adds a product to a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">Units.</param>
    /// <param name="bedPosition">Optional bed position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> AddProductToRunAsync(int runNumber, string sku, int quantity, string? bedPosition = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.AddItem(product, quantity, bedPosition);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Removes a product from a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RemoveProductFromRunAsync(int runNumber, string sku, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.RemoveItem(product.Id);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Assigns a spool to a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="estimatedPurge">Estimated purge grams.</param>
    /// <param name="estimatedTower">Estimated tower grams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> AssignSpoolAsync(int runNumber, string spoolCode, Mass? estimatedPurge = null, Mass? estimatedTower = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        var printer = await _store.FindPrinterAsync(run.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", run.PrinterName);
        run.AssignSpool(spool, printer.MaterialSlots, estimatedPurge, estimatedTower);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Unassigns a spool from a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> UnassignSpoolAsync(int runNumber, string spoolCode, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.UnassignSpool(spool.Id);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Sets a spool's estimated purge and tower in a draft run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="purge">Purge grams.</param>
    /// <param name="tower">Tower grams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> SetPurgeEstimateAsync(int runNumber, string spoolCode, Mass purge, Mass tower, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.SetPurgeEstimate(spool.Id, purge, tower);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Replaces a draft run's BOM estimates with a slicer's.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="estimate">The slicer estimate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> ApplySlicerEstimateAsync(int runNumber, SlicerEstimate estimate, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        run.ApplySlicerEstimate(estimate);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Records a spool's weight before printing; the spool's ledger gets the weighing in the same transaction.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordWeightBeforeAsync(int runNumber, string spoolCode, Mass gross, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        if (run.Status == RunStatus.Draft)
        {
            // Only a draft can take a weight before; any other status is refused by the run itself (RunStateException).
            await RequireIdleAsync(spool, "weighed for another run", cancellationToken).ConfigureAwait(false);
        }

        run.RecordWeightBefore(spool, gross, Now);
        await CommitAsync(new ChangeSet().Put(run).Put(spool), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Records a spool's weight before printing from a scale: reads a stable weight within <paramref name="timeout"/>
    /// and records it as <see cref="RecordWeightBeforeAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighBeforeAsync(runNumber, spoolCode, scale, timeout, null, cancellationToken);

    /// <summary>
    /// Records a spool's weight before printing from a scale, reporting every reading until one is stable (for a host
    /// that shows the weight live), then records it as <see cref="RecordWeightBeforeAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading, on the caller's flow, as it is read; null reads through the
    /// driver's own stable read (<see cref="IScale.ReadStableAsync"/>) instead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => scale, timeout, progress, before: true, cancellationToken).ConfigureAwait(false);
        return await RecordWeightBeforeAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a spool's weight before printing from a named scale of the host, e.g. <c>WeighBeforeAsync(1, "PLA-001", "bench", TimeSpan.FromSeconds(10), cancellationToken)</c> (see <see cref="WeighBeforeAsync(int, string, IScale, TimeSpan, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighBeforeAsync(runNumber, spoolCode, scaleName, timeout, null, cancellationToken);

    /// <summary>Records a spool's weight before printing from a named scale of the host, reporting every reading until one is stable (see <see cref="WeighBeforeAsync(int, string, IScale, TimeSpan, IProgress{ScaleReading}, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading as it is read; null uses the driver's own stable read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighBeforeAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => Scale(scaleName), timeout, progress, before: true, cancellationToken).ConfigureAwait(false);
        return await RecordWeightBeforeAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The warnings of a run, in any status: spools that may not hold enough filament, spools whose tare is unknown, and
    /// weights before or after below a spool's tare (call it after recording a weight to check it).
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The warnings.</returns>
    public async Task<IReadOnlyList<PreflightWarning>> PreflightAsync(int runNumber, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        return run.Preflight(spools, await GetBrandTaresAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Starts a run; its spools are marked in use in the same transaction. A printer prints one plate at a time: the
    /// start is refused while another run on the same printer is in progress, and the printer is written with the run
    /// so that of two concurrent starts on one printer only one is stored.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run and its pre-flight warnings.</returns>
    /// <exception cref="DomainRuleException">The run cannot start (<see cref="DomainRule.PrinterBusy"/>: its printer has another run in progress).</exception>
    /// <exception cref="ConcurrencyConflictException">Another start on the same printer, or with the same spools, was stored first.</exception>
    public async Task<StartResult> StartAsync(int runNumber, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var printer = await _store.FindPrinterAsync(run.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", run.PrinterName);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        foreach (var spool in spools)
        {
            if (spool.ActiveRunId is { } other && other != run.Id)
            {
                var otherRun = await _store.FindRunAsync(other, cancellationToken).ConfigureAwait(false);
                throw new SpoolInUseException(spool.Code, other, otherRun?.Number);
            }
        }

        if (run.Status == RunStatus.Draft)
        {
            var busy = await _store.ListRunsAsync(new RunQuery(Status: RunStatus.InProgress, PrinterId: run.PrinterId, Take: 1), cancellationToken).ConfigureAwait(false);
            if (busy.Count > 0 && busy[0].Id != run.Id)
            {
                var other = busy[0].Number;
                throw new DomainRuleException(
                    DomainRule.PrinterBusy,
                    $"Printer {run.PrinterName} is printing run #{other}, which is in progress; a printer prints one plate at a time. Complete, fail or cancel run #{other} first, or plan run #{run.Number} on another printer.");
            }
        }

        var warnings = run.Preflight(spools, await GetBrandTaresAsync(cancellationToken).ConfigureAwait(false));
        run.Start(spools, Now);
        await CommitAsync(WithSpools(new ChangeSet().Put(run).Put(printer), spools), cancellationToken).ConfigureAwait(false);
        // Shown after the start: their advice is for a run that has started.
        return new StartResult(run, [.. warnings.Select(w => w with { RunStarted = true })]);
    }

    /// <summary>Records a spool's weight after printing.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="gross">The reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordWeightAfterAsync(int runNumber, string spoolCode, Mass gross, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.RecordWeightAfter(spool.Id, gross);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Records a spool's weight after printing from a scale: reads a stable weight within <paramref name="timeout"/>
    /// and records it as <see cref="RecordWeightAfterAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighAfterAsync(runNumber, spoolCode, scale, timeout, null, cancellationToken);

    /// <summary>
    /// Records a spool's weight after printing from a scale, reporting every reading until one is stable (for a host
    /// that shows the weight live), then records it as <see cref="RecordWeightAfterAsync(int, string, Mass, CancellationToken)"/> does.
    /// </summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scale">The scale the spool is on.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading, on the caller's flow, as it is read; null reads through the
    /// driver's own stable read (<see cref="IScale.ReadStableAsync"/>) instead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool (the scale is not read).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, IScale scale, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => scale, timeout, progress, before: false, cancellationToken).ConfigureAwait(false);
        return await RecordWeightAfterAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a spool's weight after printing from a named scale of the host, e.g. <c>WeighAfterAsync(1, "PLA-001", "bench", TimeSpan.FromSeconds(10), cancellationToken)</c> (see <see cref="WeighAfterAsync(int, string, IScale, TimeSpan, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, CancellationToken cancellationToken) =>
        WeighAfterAsync(runNumber, spoolCode, scaleName, timeout, null, cancellationToken);

    /// <summary>Records a spool's weight after printing from a named scale of the host, reporting every reading until one is stable (see <see cref="WeighAfterAsync(int, string, IScale, TimeSpan, IProgress{ScaleReading}, CancellationToken)"/>).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="scaleName">The scale's name in the host's configuration, e.g. bench.</param>
    /// <param name="timeout">How long to wait for the reading to settle (wall-clock time).</param>
    /// <param name="progress">Receives each reading as it is read; null uses the driver's own stable read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="NotFoundException">No such run or spool, or the service has no scales (create it with an <see cref="IScaleDirectory"/>).</exception>
    /// <exception cref="BatchivoException">No scale of that name is configured (the host's configuration error).</exception>
    /// <exception cref="ScaleException">The scale faulted or gave no stable reading in time (<see cref="ScaleFault.NotStable"/>); nothing was stored.</exception>
    public async Task<ProductionRun> WeighAfterAsync(int runNumber, string spoolCode, string scaleName, TimeSpan timeout, IProgress<ScaleReading>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        var gross = await ReadStableGrossAsync(runNumber, spoolCode, () => Scale(scaleName), timeout, progress, before: false, cancellationToken).ConfigureAwait(false);
        return await RecordWeightAfterAsync(runNumber, spoolCode, gross, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records measured supports, purge and tower of a spool, for the variance breakdown.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="supports">Support grams, or null.</param>
    /// <param name="purge">Purge grams, or null.</param>
    /// <param name="tower">Tower grams, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordMeasuredWasteAsync(int runNumber, string spoolCode, Mass? supports, Mass? purge, Mass? tower, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        run.RecordMeasuredWaste(spool.Id, supports, purge, tower);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Records a product's successful and failed units.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="sku">The product.</param>
    /// <param name="successful">Successful units.</param>
    /// <param name="failed">Failed units.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> RecordOutcomeAsync(int runNumber, string sku, int successful, int failed, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var product = await GetProductAsync(sku, cancellationToken).ConfigureAwait(false);
        run.RecordOutcome(product.Id, successful, failed);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Completes a run: the run, its spools' new weights and their ledger entries are stored in one transaction.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="quality">The rating, optional.</param>
    /// <param name="notes">Notes to set, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> CompleteAsync(int runNumber, QualityRating? quality = null, string? notes = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Complete(spools, Now, quality);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        await CommitAsync(WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Fails a whole plate: every unit failed, the filament is waste, spools updated as on completion.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">Notes to set, optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> FailAsync(int runNumber, string? notes = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Fail(spools, Now);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        await CommitAsync(WithSpools(new ChangeSet().Put(run), spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Cancels a run (draft, or in progress with optional weights after).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">Notes to set (e.g. the reason), optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> CancelAsync(int runNumber, string? notes = null, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spools = await LoadSpoolsAsync(run, cancellationToken).ConfigureAwait(false);
        run.Cancel(spools, Now);
        if (notes is not null)
        {
            run.SetNotes(notes);
        }

        var changes = new ChangeSet().Put(run);
        await CommitAsync(run.StartedAt is null ? changes : WithSpools(changes, spools), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Sets a run's notes (allowed on final runs too).</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="notes">The notes, or null to clear.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    public async Task<ProductionRun> SetNotesAsync(int runNumber, string? notes, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        run.SetNotes(notes);
        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Creates a draft reprint of a run's failed units not yet covered by other reprints, linked to the original.
    /// The products' current BOMs are used.
    /// </summary>
    /// <param name="runNumber">The original run.</param>
    /// <param name="printerName">The printer for the reprint; the original's when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new draft run.</returns>
    /// <exception cref="DomainRuleException">Nothing is left to reprint.</exception>
    public async Task<ProductionRun> ReprintAsync(int runNumber, string? printerName = null, CancellationToken cancellationToken = default)
    {
        var original = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var reprints = await _store.ListReprintsAsync(original.Id, cancellationToken).ConfigureAwait(false);
        var needs = Reprints.Uncovered(original, reprints);
        if (needs.Count == 0)
        {
            throw new DomainRuleException(DomainRule.NothingToReprint, $"Run #{original.Number} has no failed units left to reprint: its failed units are all covered by reprints (or none failed).");
        }

        var printer = printerName is null
            ? await _store.FindPrinterAsync(original.PrinterId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("printer", original.PrinterName)
            : await GetPrinterAsync(printerName, cancellationToken).ConfigureAwait(false);
        var products = new List<Product>();
        foreach (var need in needs)
        {
            products.Add(await _store.FindProductAsync(need.ProductId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", need.Name));
        }

        var number = await _store.ReserveRunNumberAsync(cancellationToken).ConfigureAwait(false);
        // The link is the run's OriginalRunId, shown as "Reprint of run #N" wherever the run is shown; the notes stay the user's.
        var run = ProductionRun.Create(number, printer, Now, originalRunId: original.Id);
        for (var i = 0; i < needs.Count; i++)
        {
            run.AddItem(products[i], needs[i].Units);
        }

        await CommitAsync(new ChangeSet().Put(run), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Lists runs.</summary>
    /// <param name="query">Filters and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default) =>
        _store.ListRunsAsync(query ?? new RunQuery(), cancellationToken);

    // ---- Reports, statistics, calibration --------------------------------------------------------

    /// <summary>The report of a run.</summary>
    /// <param name="runNumber">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    public async Task<RunReport> GetReportAsync(int runNumber, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        return RunReport.From(run, await FindOriginalRunNumberAsync(run, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>For a reprint, the number of the run whose failed units it reprints (the link is a field of the run, not its notes).</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The original run's number; null when the run is no reprint, or the original is gone.</returns>
    public async Task<int?> FindOriginalRunNumberAsync(ProductionRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.OriginalRunId is { } id ? (await _store.FindRunAsync(id, cancellationToken).ConfigureAwait(false))?.Number : null;
    }

    /// <summary>Statistics over a period: pushed down to the store when it can, else computed from the runs page by page.</summary>
    /// <param name="query">The period and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    public async Task<ProductionStatistics> GetStatisticsAsync(StatisticsQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new StatisticsQuery();
        query.Validate();
        if (_store is IStatisticsStore pushDown)
        {
            return await pushDown.ComputeStatisticsAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var accumulator = StatisticsCalculator.CreateAccumulator(query);
        await foreach (var run in PagedRunsAsync(query.ToRunQuery(), cancellationToken).ConfigureAwait(false))
        {
            accumulator.Add(run);
        }

        return accumulator.Build();
    }

    /// <summary>Completed runs whose variance is far from their product's usual variance, in a period.</summary>
    /// <param name="query">The period and filters.</param>
    /// <param name="options">Thresholds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outliers.</returns>
    public async Task<IReadOnlyList<VarianceOutlier>> GetOutliersAsync(StatisticsQuery? query = null, OutlierOptions? options = null, CancellationToken cancellationToken = default)
    {
        query ??= new StatisticsQuery();
        query.Validate();
        var runs = await CollectAsync(query.ToRunQuery() with { Status = RunStatus.Completed }, cancellationToken).ConfigureAwait(false);
        return OutlierDetector.Find(runs, options);
    }

    /// <summary>BOM calibration suggestions from the completed runs.</summary>
    /// <param name="options">Thresholds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The suggestions.</returns>
    public async Task<IReadOnlyList<CalibrationSuggestion>> GetCalibrationSuggestionsAsync(CalibrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var runs = await CollectAsync(new RunQuery(Status: RunStatus.Completed), cancellationToken).ConfigureAwait(false);
        var products = await _store.ListProductsAsync(cancellationToken).ConfigureAwait(false);
        return BomCalibration.Suggest(runs, products, options);
    }

    /// <summary>Applies a calibration suggestion to the product's BOM (the user's choice).</summary>
    /// <param name="suggestion">The suggestion.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product.</returns>
    public async Task<Product> ApplyCalibrationAsync(CalibrationSuggestion suggestion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var product = await _store.FindProductAsync(suggestion.ProductId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("product", suggestion.Sku);
        product.SetGramsPerUnit(suggestion.Material, suggestion.SuggestedGramsPerUnit);
        await CommitAsync(new ChangeSet().Put(product), cancellationToken).ConfigureAwait(false);
        return product;
    }

    private IScale Scale(string scaleName)
    {
        ArgumentNullException.ThrowIfNull(scaleName);
        return _scales is null ? throw new NotFoundException("scale", scaleName) : _scales.GetScale(scaleName);
    }

    // Checks the run and spool exist, and that the run takes this weight now, before anyone waits on the scale (a named
    // scale is opened only then), then insists
    // on a stable reading: a driver that hands back an unstable one is refused here as well, so an unsettled weight is
    // never stored.
    private async Task<Mass> ReadStableGrossAsync(int runNumber, string spoolCode, Func<IScale> open, TimeSpan timeout, IProgress<ScaleReading>? progress, bool before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var run = await GetRunAsync(runNumber, cancellationToken).ConfigureAwait(false);
        var spool = await GetSpoolAsync(spoolCode, cancellationToken).ConfigureAwait(false);
        // The run's state decides before the device is touched: a draft cannot take a weight after (nor a started run a
        // weight before), whether or not the scale is plugged in.
        var when = before ? "before" : "after";
        run.CheckWeighable(spool, before);
        if (before)
        {
            await RequireIdleAsync(spool, "weighed for another run", cancellationToken).ConfigureAwait(false);
        }

        var scale = open();
        var reading = progress is null
            ? await scale.ReadStableAsync(timeout, cancellationToken).ConfigureAwait(false)
            : await ReadUntilStableAsync(scale, timeout, progress, when, spool.Code, runNumber, cancellationToken).ConfigureAwait(false);
        if (!reading.IsStable)
        {
            throw new ScaleException(
                ScaleFault.NotStable,
                $"Scale {scale.Identity.Port ?? scale.Identity.Driver} gave an unstable reading ({reading.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {WeightUnits.Symbol(reading.Unit)}) for the weight {when} of spool {spool.Code} in run #{runNumber}; nothing was recorded. Keep the spool still, wait for the scale to settle and weigh again.");
        }

        return reading.Mass;
    }

    // Reads again and again, reporting each reading, until one is stable. Device time is wall-clock time (the spool
    // settles in the real world), not the service's clock, which tests and replays may hold still.
    private static Task<ScaleReading> ReadUntilStableAsync(IScale scale, TimeSpan timeout, IProgress<ScaleReading> progress, string when, string spoolCode, int runNumber, CancellationToken cancellationToken) =>
        scale.ReadUntilStableAsync(timeout, ScalePollInterval, TimeProvider.System, progress, last => new ScaleException(
            ScaleFault.NotStable,
            $"Scale {scale.Identity.Port ?? scale.Identity.Driver} did not settle within {timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s for the weight {when} of spool {spoolCode} in run #{runNumber} (last reading {(last is null ? "none" : last.Mass.ToString())}); nothing was recorded. Keep the spool still and weigh again, or allow the scale longer to settle."), cancellationToken);

    private async IAsyncEnumerable<ProductionRun> PagedRunsAsync(RunQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int page = 1000;
        for (var skip = 0; ; skip += page)
        {
            var runs = await _store.ListRunsAsync(query with { Skip = skip, Take = page }, cancellationToken).ConfigureAwait(false);
            foreach (var run in runs)
            {
                yield return run;
            }

            if (runs.Count < page)
            {
                yield break;
            }
        }
    }

    private async Task<List<ProductionRun>> CollectAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var runs = new List<ProductionRun>();
        await foreach (var run in PagedRunsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        return runs;
    }

    private async Task<List<Spool>> LoadSpoolsAsync(ProductionRun run, CancellationToken cancellationToken)
    {
        var spools = new List<Spool>();
        foreach (var material in run.Materials)
        {
            spools.Add(await _store.FindSpoolAsync(material.SpoolId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("spool", material.SpoolCode));
        }

        return spools;
    }

    private static ChangeSet WithSpools(ChangeSet changes, IEnumerable<Spool> spools)
    {
        foreach (var spool in spools)
        {
            changes.Put(spool);
        }

        return changes;
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

    private async Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        changes.MarkCommitted();
    }
}
