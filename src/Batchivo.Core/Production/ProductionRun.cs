using Batchivo.Catalog;

namespace Batchivo.Production;

/// <summary>The stored form of a <see cref="ProductionRun"/>.</summary>
/// <param name="Id">The id.</param>
/// <param name="Number">The sequential number (#42).</param>
/// <param name="PrinterId">The printer.</param>
/// <param name="PrinterName">The printer's name.</param>
/// <param name="Status">The status.</param>
/// <param name="CreatedAt">When created.</param>
/// <param name="StartedAt">When started.</param>
/// <param name="EndedAt">When completed, failed or cancelled.</param>
/// <param name="EstimatedDuration">The estimated print time.</param>
/// <param name="Items">The products on the plate.</param>
/// <param name="Materials">The spools.</param>
/// <param name="Quality">The quality rating, once given.</param>
/// <param name="Notes">Free notes.</param>
/// <param name="OriginalRunId">For a reprint: the run whose failed units it reprints.</param>
/// <param name="EstimateSource">Where the estimates come from.</param>
/// <param name="EstimateSourceName">The slicer file, when estimates come from a slicer.</param>
/// <param name="Version">The stored version (0 if never stored).</param>
public sealed record ProductionRunState(
    RunId Id,
    int Number,
    PrinterId PrinterId,
    string PrinterName,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    TimeSpan? EstimatedDuration,
    IReadOnlyList<RunItem> Items,
    IReadOnlyList<RunMaterial> Materials,
    QualityRating? Quality,
    string? Notes,
    RunId? OriginalRunId,
    EstimateSource EstimateSource,
    string? EstimateSourceName,
    long Version);

/// <summary>
/// One print job on one printer: one build plate, possibly several products and several spools.
/// Every method checks all of its rules before it changes anything, so a refused call leaves the run as it was.
/// </summary>
/// <remarks>Not thread-safe; load, change and commit it within one unit of work.</remarks>
public sealed partial class ProductionRun
{
    private readonly List<RunItem> _items;
    private readonly List<RunMaterial> _materials;
    private RunTotals? _totals;
    private RunDigest? _digest;

    private ProductionRun(ProductionRunState state)
    {
        Id = state.Id;
        Number = state.Number;
        PrinterId = state.PrinterId;
        PrinterName = state.PrinterName;
        Status = state.Status;
        CreatedAt = state.CreatedAt;
        StartedAt = state.StartedAt;
        EndedAt = state.EndedAt;
        EstimatedDuration = state.EstimatedDuration;
        _items = [.. state.Items];
        _materials = [.. state.Materials];
        Quality = state.Quality;
        Notes = state.Notes;
        OriginalRunId = state.OriginalRunId;
        EstimateSource = state.EstimateSource;
        EstimateSourceName = state.EstimateSourceName;
        Version = state.Version;
    }

    /// <summary>The id.</summary>
    public RunId Id { get; }

    /// <summary>The sequential number, shown <c>#42</c>.</summary>
    public int Number { get; }

    /// <summary>The printer.</summary>
    public PrinterId PrinterId { get; }

    /// <summary>The printer's name.</summary>
    public string PrinterName { get; }

    /// <summary>The status.</summary>
    public RunStatus Status { get; private set; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When printing started.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When the run was completed, failed or cancelled.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The estimated print time.</summary>
    public TimeSpan? EstimatedDuration { get; private set; }

    /// <summary>The products on the plate.</summary>
    public IReadOnlyList<RunItem> Items => _items;

    /// <summary>The spools.</summary>
    public IReadOnlyList<RunMaterial> Materials => _materials;

    /// <summary>The quality rating, once given.</summary>
    public QualityRating? Quality { get; private set; }

    /// <summary>Free notes; the only thing that may change on a final run.</summary>
    public string? Notes { get; private set; }

    /// <summary>For a reprint: the run whose failed units it reprints.</summary>
    public RunId? OriginalRunId { get; }

    /// <summary>Where the estimates come from.</summary>
    public EstimateSource EstimateSource { get; private set; }

    /// <summary>The slicer file, when the estimates come from a slicer.</summary>
    public string? EstimateSourceName { get; private set; }

    /// <summary>The stored version this object was read at.</summary>
    public long Version { get; private set; }

    /// <summary>When the run was last active: ended, else started, else created. Periods select runs by it.</summary>
    public DateTimeOffset ActivityAt => EndedAt ?? StartedAt ?? CreatedAt;

    /// <summary>True when completed, failed or cancelled.</summary>
    public bool IsFinal => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>Creates a draft run.</summary>
    /// <param name="number">The sequential number the store reserved.</param>
    /// <param name="printer">The printer.</param>
    /// <param name="at">Now.</param>
    /// <param name="estimatedDuration">The estimated print time, if known.</param>
    /// <param name="notes">Notes.</param>
    /// <param name="originalRunId">For a reprint, the original run.</param>
    /// <returns>The run.</returns>
    public static ProductionRun Create(int number, Printer printer, DateTimeOffset at, TimeSpan? estimatedDuration = null, string? notes = null, RunId? originalRunId = null)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        if (estimatedDuration is { } d)
        {
            Limits.Duration(d, "estimated duration", DomainRule.QuantityMustBePositive);
        }

        return new ProductionRun(new ProductionRunState(
            RunId.New(), number, printer.Id, printer.Name, RunStatus.Draft, at, null, null, estimatedDuration,
            [], [], null, CleanNotes(notes), originalRunId, EstimateSource.Bom, null, 0));
    }

    /// <summary>Rebuilds a run from its stored form.</summary>
    /// <param name="state">The stored form.</param>
    /// <returns>The run.</returns>
    public static ProductionRun Restore(ProductionRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ProductionRun(state);
    }

    /// <summary>The stored form.</summary>
    /// <returns>The state.</returns>
    public ProductionRunState ToState() => new(
        Id, Number, PrinterId, PrinterName, Status, CreatedAt, StartedAt, EndedAt, EstimatedDuration,
        [.. _items], [.. _materials], Quality, Notes, OriginalRunId, EstimateSource, EstimateSourceName, Version);

    /// <summary>The item of a product, or null.</summary>
    /// <param name="productId">The product.</param>
    /// <returns>The item.</returns>
    public RunItem? FindItem(ProductId productId) => _items.Find(i => i.ProductId == productId);

    /// <summary>The spool assignment, or null.</summary>
    /// <param name="spoolId">The spool.</param>
    /// <returns>The assignment.</returns>
    public RunMaterial? FindMaterial(SpoolId spoolId) => _materials.Find(m => m.SpoolId == spoolId);

    // ---- Draft edits -------------------------------------------------------------------------

    /// <summary>Adds a product to the plate (Draft only).</summary>
    /// <param name="product">The product; its BOM is copied into the run.</param>
    /// <param name="quantity">Units, at least 1.</param>
    /// <param name="bedPosition">Optional bed position.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The quantity is not positive, or the product is already on the plate.</exception>
    public void AddItem(Product product, int quantity, string? bedPosition = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        RequireStatus("add a product", RunStatus.Draft);
        Limits.Count(quantity, Limits.MaxQuantity, $"quantity of {product.Name}", "Give the units of this product on the plate; split a larger batch over several runs.");
        Limits.Length(bedPosition?.Trim(), Limits.MaxCodeLength, $"bed position of {product.Name}");
        if (FindItem(product.Id) is not null)
        {
            throw new DomainRuleException(DomainRule.ItemAssignment, $"{product.Name} is already on run #{Number}. Change its quantity by removing it and adding it again with the new quantity.");
        }

        _items.Add(new RunItem(product.Id, product.Sku, product.Name, quantity, product.Bom, bedPosition));
        EstimatesChanged();
    }

    /// <summary>Removes a product from the plate (Draft only).</summary>
    /// <param name="productId">The product.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The product is not on the plate.</exception>
    public void RemoveItem(ProductId productId)
    {
        RequireStatus("remove a product", RunStatus.Draft);
        var item = FindItem(productId) ?? throw NotOnPlate(productId.ToString());
        _items.Remove(item);
        EstimatesChanged();
    }

    /// <summary>Assigns a spool (Draft only).</summary>
    /// <param name="spool">The spool.</param>
    /// <param name="materialSlots">The printer's material slots; a run cannot have more spools.</param>
    /// <param name="estimatedPurge">Estimated purge grams from this spool.</param>
    /// <param name="estimatedTower">Estimated tower grams from this spool.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The spool is already assigned, all slots are taken, or an estimate is negative.</exception>
    /// <exception cref="CurrencyMismatchException">The spool is priced in another currency than the run's other spools.</exception>
    public void AssignSpool(Spool spool, int materialSlots, Mass? estimatedPurge = null, Mass? estimatedTower = null)
    {
        ArgumentNullException.ThrowIfNull(spool);
        RequireStatus("assign a spool", RunStatus.Draft);
        if (FindMaterial(spool.Id) is not null)
        {
            throw new DomainRuleException(DomainRule.SpoolAssignment, $"Spool {spool.Code} is already assigned to run #{Number}.");
        }

        if (_materials.Count >= materialSlots)
        {
            throw new DomainRuleException(
                DomainRule.SpoolAssignment,
                materialSlots == 1
                    ? $"Printer {PrinterName} has 1 material slot and run #{Number} already uses it. Unassign its spool first."
                    : $"Printer {PrinterName} has {materialSlots} material slots and run #{Number} already uses them all. Unassign a spool first.");
        }

        if (_materials.Count > 0 && !string.Equals(_materials[0].CostPerGram.Currency, spool.Price.Currency, StringComparison.Ordinal))
        {
            // Refused here, not when the report is built: a run's costs are one sum in one currency.
            throw new CurrencyMismatchException(_materials[0].CostPerGram.Currency, spool.Price.Currency);
        }

        var purge = NonNegative(estimatedPurge ?? Mass.Zero, $"estimated purge of spool {spool.Code}");
        var tower = NonNegative(estimatedTower ?? Mass.Zero, $"estimated tower of spool {spool.Code}");
        _materials.Add(new RunMaterial(spool.Id, spool.Code, spool.Material, spool.CostPerGram, Mass.Zero, Mass.Zero, purge, tower));
        EstimatesChanged();
    }

    /// <summary>Unassigns a spool (Draft only).</summary>
    /// <param name="spoolId">The spool.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The spool is not assigned.</exception>
    public void UnassignSpool(SpoolId spoolId)
    {
        RequireStatus("unassign a spool", RunStatus.Draft);
        var material = FindMaterial(spoolId) ?? throw NotAssigned(spoolId.ToString());
        _materials.Remove(material);
        EstimatesChanged();
    }

    /// <summary>Sets the estimated purge and tower of a spool (Draft only).</summary>
    /// <param name="spoolId">The spool.</param>
    /// <param name="purge">Estimated purge grams.</param>
    /// <param name="tower">Estimated tower grams.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The spool is not assigned, or a value is negative.</exception>
    public void SetPurgeEstimate(SpoolId spoolId, Mass purge, Mass tower)
    {
        RequireStatus("change estimates", RunStatus.Draft);
        var material = FindMaterial(spoolId) ?? throw NotAssigned(spoolId.ToString());
        NonNegative(purge, $"estimated purge of spool {material.SpoolCode}");
        NonNegative(tower, $"estimated tower of spool {material.SpoolCode}");
        Replace(material, material with { EstimatedPurge = purge, EstimatedTower = tower });
    }

    /// <summary>Sets the estimated print time (Draft only).</summary>
    /// <param name="duration">The estimated print time.</param>
    public void SetEstimatedDuration(TimeSpan duration)
    {
        RequireStatus("change the estimated duration", RunStatus.Draft);
        EstimatedDuration = Limits.Duration(duration, "estimated duration", DomainRule.QuantityMustBePositive);
    }

    /// <summary>
    /// Replaces the BOM-derived estimates with a slicer's (Draft only). Supports stay BOM-derived (slicers report
    /// model grams with supports included). Changing products or spools afterwards goes back to BOM estimates.
    /// </summary>
    /// <param name="estimate">The slicer's estimate: one entry per assigned spool.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The estimate does not name exactly the run's spools, or has negative values.</exception>
    public void ApplySlicerEstimate(SlicerEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        RequireStatus("apply a slicer estimate", RunStatus.Draft);
        var byCode = new Dictionary<string, SlicerSpoolEstimate>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in estimate.Spools)
        {
            if (!byCode.TryAdd(line.SpoolCode, line))
            {
                throw new DomainRuleException(DomainRule.SlicerEstimate, $"The slicer estimate {estimate.SourceName} names spool {line.SpoolCode} twice.");
            }

            NonNegative(line.Model, $"slicer model grams of spool {line.SpoolCode}");
            NonNegative(line.Purge, $"slicer purge grams of spool {line.SpoolCode}");
            NonNegative(line.Tower, $"slicer tower grams of spool {line.SpoolCode}");
        }

        var missing = _materials.Where(m => !byCode.ContainsKey(m.SpoolCode)).Select(m => m.SpoolCode).ToList();
        var extra = byCode.Keys.Where(code => !_materials.Exists(m => string.Equals(m.SpoolCode, code, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0 || extra.Count > 0 || _materials.Count == 0)
        {
            throw new DomainRuleException(
                DomainRule.SlicerEstimate,
                $"The slicer estimate {estimate.SourceName} must give one line per spool of run #{Number} ({string.Join(", ", _materials.Select(m => m.SpoolCode))}); missing: {Join(missing)}, not in the run: {Join(extra)}. Map the slicer's filaments to the run's spools.");
        }

        if (estimate.PrintTime is { } time)
        {
            Limits.Duration(time, $"print time of the slicer estimate {estimate.SourceName}", DomainRule.SlicerEstimate);
        }

        for (var i = 0; i < _materials.Count; i++)
        {
            var line = byCode[_materials[i].SpoolCode];
            var supports = _materials[i].EstimatedSupports;
            _materials[i] = _materials[i] with
            {
                EstimatedModel = line.Model,
                EstimatedSupports = supports > line.Model ? line.Model : supports,
                EstimatedPurge = line.Purge,
                EstimatedTower = line.Tower,
            };
        }

        EstimateSource = EstimateSource.Slicer;
        EstimateSourceName = estimate.SourceName;
        EstimatedDuration = estimate.PrintTime ?? EstimatedDuration;
        Invalidate();
    }

    /// <summary>Records a spool's weight before printing (Draft only); the weighing also goes into the spool's ledger.</summary>
    /// <param name="spool">The spool, as assigned.</param>
    /// <param name="gross">The scale's reading (gross).</param>
    /// <param name="at">When.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">The spool is not assigned, or the weight is not positive.</exception>
    public void RecordWeightBefore(Spool spool, Mass gross, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(spool);
        var material = CheckWeighable(spool, before: true);
        var weight = Mass.Weight(gross.Grams, $"weight before of spool {spool.Code}");
        spool.RecordRunWeighing(weight, at, Id, Number);
        Replace(material, material with { WeightBefore = weight });
    }

    /// <summary>
    /// Checks that a weight before (Draft) or after (InProgress) of the spool can be recorded now, without recording
    /// anything: a host calls it before it opens a scale, so a run in the wrong state is refused before the device is
    /// touched.
    /// </summary>
    /// <param name="spool">The spool.</param>
    /// <param name="before">True for a weight before, false for a weight after.</param>
    /// <returns>The spool's assignment.</returns>
    /// <exception cref="RunStateException">The run is not in the state that takes that weight.</exception>
    /// <exception cref="DomainRuleException">The spool is not assigned to the run.</exception>
    internal RunMaterial CheckWeighable(Spool spool, bool before)
    {
        ArgumentNullException.ThrowIfNull(spool);
        if (before)
        {
            RequireStatus("record a weight before", RunStatus.Draft);
        }
        else
        {
            RequireStatus("record a weight after", RunStatus.InProgress);
        }

        return FindMaterial(spool.Id) ?? throw NotAssigned(spool.Code);
    }

    // ---- Printing --------------------------------------------------------------------------

    /// <summary>
    /// Pre-flight check, in any status: spools whose tare is unknown (their own and their brand's), weights before or
    /// after below the tare (the tare or the weighing is wrong), and, until a spool is weighed after, spools whose
    /// filament (weight before, or last weighing, minus tare) is less than their estimate.
    /// </summary>
    /// <param name="spools">The run's spools.</param>
    /// <param name="brandTares">Brand tares for spools without their own.</param>
    /// <returns>The warnings (empty when all is well).</returns>
    public IReadOnlyList<PreflightWarning> Preflight(IEnumerable<Spool> spools, BrandTareRegistry? brandTares)
    {
        ArgumentNullException.ThrowIfNull(spools);
        var started = Status != RunStatus.Draft;
        var warnings = new List<PreflightWarning>();
        foreach (var spool in spools)
        {
            var material = FindMaterial(spool.Id);
            if (material is null)
            {
                continue;
            }

            if (spool.ResolveTare(brandTares) is not { } tare)
            {
                warnings.Add(new PreflightWarning(spool.Code, Mass.Zero, material.EstimatedTotal) { Kind = PreflightWarningKind.UnknownTare, RunStarted = started });
                continue;
            }

            foreach (var (when, weight) in new[] { ("before", material.WeightBefore), ("after", material.WeightAfter) })
            {
                if (weight is { } w && w < tare)
                {
                    warnings.Add(new PreflightWarning(spool.Code, Mass.Zero, material.EstimatedTotal)
                    {
                        Kind = PreflightWarningKind.BelowTare, RunStarted = started, Gross = w, Tare = tare, When = when,
                    });
                }
            }

            if (material.WeightAfter is null && (material.WeightBefore ?? spool.GrossWeight) is { } gross)
            {
                var remaining = (gross - tare).ClampToZero();
                if (remaining < material.EstimatedTotal)
                {
                    warnings.Add(new PreflightWarning(spool.Code, remaining, material.EstimatedTotal) { RunStarted = started });
                }
            }
        }

        return warnings;
    }

    /// <summary>Starts printing: Draft to InProgress. Marks the spools as in use by this run.</summary>
    /// <param name="spools">The run's spools, freshly loaded.</param>
    /// <param name="at">When.</param>
    /// <exception cref="RunStateException">The run is not a draft.</exception>
    /// <exception cref="DomainRuleException">No products, no spools, a weight before missing, a material without a spool, a spool in another run in progress, or a spool weighed or used since its weight before.</exception>
    public void Start(IReadOnlyCollection<Spool> spools, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(spools);
        RequireStatus("start", RunStatus.Draft);
        if (_items.Count == 0)
        {
            throw new DomainRuleException(DomainRule.NeedsItems, $"Run #{Number} has no products. Add at least one product before starting.");
        }

        if (_materials.Count == 0)
        {
            throw new DomainRuleException(DomainRule.NeedsSpools, $"Run #{Number} has no spools. Assign at least one spool before starting.");
        }

        var byId = MatchSpools(spools);
        var unweighed = _materials.Where(m => m.WeightBefore is null).Select(m => m.SpoolCode).ToList();
        if (unweighed.Count > 0)
        {
            throw new DomainRuleException(DomainRule.NeedsWeightBefore, $"Run #{Number} cannot start: {Spools(unweighed)} no weight before. Weigh {(unweighed.Count == 1 ? "it" : "them")} first.");
        }

        foreach (var item in _items)
        {
            foreach (var line in item.Bom)
            {
                if (!_materials.Exists(m => m.Material.Spec == line.Material))
                {
                    throw new DomainRuleException(DomainRule.MaterialWithoutSpool, $"Run #{Number} cannot start: {item.Name} needs {line.Material} but no {line.Material} spool is assigned. Assign one.");
                }
            }
        }

        foreach (var material in _materials)
        {
            var spool = byId[material.SpoolId];
            if (spool.ActiveRunId is { } other && other != Id)
            {
                throw new SpoolInUseException(spool.Code, other);
            }

            if (spool.GrossWeight != material.WeightBefore)
            {
                throw new DomainRuleException(DomainRule.StaleWeighing, $"Spool {spool.Code} was weighed or used since its weight before ({Limits.Grams(material.WeightBefore!.Value.Grams)}) was recorded; it now weighs {(spool.GrossWeight is { } now ? Limits.Grams(now.Grams) : "unknown")}. Weigh it again for run #{Number}.");
            }
        }

        foreach (var spool in byId.Values)
        {
            spool.MarkInUse(Id);
        }

        Status = RunStatus.InProgress;
        StartedAt = at;
        Invalidate();
    }

    /// <summary>Records a spool's weight after printing (InProgress only).</summary>
    /// <param name="spoolId">The spool.</param>
    /// <param name="gross">The scale's reading (gross).</param>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    /// <exception cref="DomainRuleException">The spool is not assigned, the weight is not positive, or it is above the weight before.</exception>
    public void RecordWeightAfter(SpoolId spoolId, Mass gross)
    {
        RequireStatus("record a weight after", RunStatus.InProgress);
        var material = FindMaterial(spoolId) ?? throw NotAssigned(spoolId.ToString());
        var weight = Mass.Weight(gross.Grams, $"weight after of spool {material.SpoolCode}");
        if (material.WeightBefore is { } before && weight > before)
        {
            throw new DomainRuleException(DomainRule.WeightAfterAboveBefore, $"The weight after of spool {material.SpoolCode} ({Limits.Grams(weight.Grams)}) is above its weight before ({Limits.Grams(before.Grams)}). A print cannot add filament: weigh the spool again, with the same spool holder as before.");
        }

        Replace(material, material with { WeightAfter = weight });
    }

    /// <summary>Records measured supports, purge and tower of a spool (InProgress only), for the variance breakdown.</summary>
    /// <param name="spoolId">The spool.</param>
    /// <param name="supports">Support grams, or null if not measured.</param>
    /// <param name="purge">Purge grams, or null if not measured.</param>
    /// <param name="tower">Tower grams, or null if not measured.</param>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    /// <exception cref="DomainRuleException">The spool is not assigned, or a value is negative.</exception>
    public void RecordMeasuredWaste(SpoolId spoolId, Mass? supports, Mass? purge, Mass? tower)
    {
        RequireStatus("record measured supports, purge or tower", RunStatus.InProgress);
        var material = FindMaterial(spoolId) ?? throw NotAssigned(spoolId.ToString());
        if (supports is { } s)
        {
            NonNegative(s, $"support grams of spool {material.SpoolCode}");
        }

        if (purge is { } p)
        {
            NonNegative(p, $"purge grams of spool {material.SpoolCode}");
        }

        if (tower is { } t)
        {
            NonNegative(t, $"tower grams of spool {material.SpoolCode}");
        }

        Replace(material, material with
        {
            ActualSupports = supports ?? material.ActualSupports,
            ActualPurge = purge ?? material.ActualPurge,
            ActualTower = tower ?? material.ActualTower,
        });
    }

    /// <summary>Records how many units of a product came out well and how many failed (InProgress only).</summary>
    /// <param name="productId">The product.</param>
    /// <param name="successful">Successful units.</param>
    /// <param name="failed">Failed units.</param>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    /// <exception cref="DomainRuleException">The product is not on the plate, a count is negative, or they do not add up to the quantity.</exception>
    public void RecordOutcome(ProductId productId, int successful, int failed)
    {
        RequireStatus("record outcomes", RunStatus.InProgress);
        var item = FindItem(productId) ?? throw NotOnPlate(productId.ToString());
        if (successful < 0 || failed < 0 || (long)successful + failed != item.Quantity)
        {
            throw new DomainRuleException(DomainRule.OutcomeCountsMismatch, $"{item.Name}: successful ({successful}) + failed ({failed}) must equal the quantity printed ({item.Quantity}), with neither negative.");
        }

        var index = _items.IndexOf(item);
        _items[index] = item with { Successful = successful, Failed = failed };
        Invalidate();
    }

    /// <summary>Rates the run (InProgress only; or give the rating to <see cref="Complete"/>).</summary>
    /// <param name="quality">The rating.</param>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    public void Rate(QualityRating quality)
    {
        RequireStatus("rate", RunStatus.InProgress);
        Quality = Checked(quality);
        Invalidate();
    }

    /// <summary>Sets the notes; allowed in every status, final ones included.</summary>
    /// <param name="notes">The notes, or null to clear.</param>
    /// <exception cref="DomainRuleException">The notes are longer than <see cref="Limits.MaxTextLength"/> characters.</exception>
    public void SetNotes(string? notes) => Notes = CleanNotes(notes);

    /// <summary>
    /// Completes the run: InProgress to Completed. Sets every spool's weight to its weight after, writes the
    /// ledger entries and releases the spools; the caller stores all of it in one transaction.
    /// </summary>
    /// <param name="spools">The run's spools, freshly loaded.</param>
    /// <param name="at">When.</param>
    /// <param name="quality">The rating, optional.</param>
    /// <exception cref="RunStateException">The run is not in progress (including a second completion).</exception>
    /// <exception cref="DomainRuleException">A weight after or an item's outcome is missing.</exception>
    public void Complete(IReadOnlyCollection<Spool> spools, DateTimeOffset at, QualityRating? quality = null)
    {
        ArgumentNullException.ThrowIfNull(spools);
        RequireStatus("complete", RunStatus.InProgress);
        var rating = quality is { } given ? Checked(given) : (QualityRating?)null;
        var byId = MatchSpools(spools);
        RequireWeightsAfter("complete");
        var missing = _items.Where(i => !i.HasOutcome).Select(i => i.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(DomainRule.NeedsOutcome, $"Run #{Number} cannot complete: record how many units succeeded and failed for {string.Join(", ", missing)}.");
        }

        Consume(byId, at, requireAll: true);
        Quality = rating ?? Quality;
        Finish(RunStatus.Completed, at);
    }

    /// <summary>
    /// Fails the whole plate: InProgress to Failed. Every unit counts as failed and the filament used is waste.
    /// Spools are updated as on completion.
    /// </summary>
    /// <param name="spools">The run's spools, freshly loaded.</param>
    /// <param name="at">When.</param>
    /// <exception cref="RunStateException">The run is not in progress.</exception>
    /// <exception cref="DomainRuleException">A weight after is missing.</exception>
    public void Fail(IReadOnlyCollection<Spool> spools, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(spools);
        RequireStatus("fail", RunStatus.InProgress);
        var byId = MatchSpools(spools);
        RequireWeightsAfter("be marked failed");
        for (var i = 0; i < _items.Count; i++)
        {
            _items[i] = _items[i] with { Successful = 0, Failed = _items[i].Quantity };
        }

        Consume(byId, at, requireAll: true);
        Finish(RunStatus.Failed, at);
    }

    /// <summary>
    /// Cancels the run from Draft (nothing consumed) or InProgress (the usage of spools weighed after is recorded;
    /// weights after are optional). Releases the spools.
    /// </summary>
    /// <param name="spools">The run's spools, freshly loaded (may be empty for a draft).</param>
    /// <param name="at">When.</param>
    /// <exception cref="RunStateException">The run is already final.</exception>
    public void Cancel(IReadOnlyCollection<Spool> spools, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(spools);
        RequireStatus("cancel", RunStatus.Draft, RunStatus.InProgress);
        if (Status == RunStatus.InProgress)
        {
            var byId = MatchSpools(spools);
            Consume(byId, at, requireAll: false);
        }

        Finish(RunStatus.Cancelled, at);
    }

    internal void AcceptCommit() => Version++;

    private void Consume(Dictionary<SpoolId, Spool> byId, DateTimeOffset at, bool requireAll)
    {
        foreach (var material in _materials)
        {
            var spool = byId[material.SpoolId];
            if (material.WeightAfter is { } after)
            {
                spool.ConsumeByRun(after, at, Id, Number);
            }
            else if (requireAll)
            {
                throw new InvalidOperationException("Weights after were checked before.");
            }

            spool.Release(Id);
        }
    }

    private void Finish(RunStatus status, DateTimeOffset at)
    {
        Status = status;
        EndedAt = at;
        Invalidate();
    }

    private void RequireWeightsAfter(string action)
    {
        var missing = _materials.Where(m => m.WeightAfter is null).Select(m => m.SpoolCode).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(DomainRule.NeedsWeightAfter, $"Run #{Number} cannot {action}: {Spools(missing)} no weight after. Weigh {(missing.Count == 1 ? "it" : "them")} first.");
        }
    }

    private Dictionary<SpoolId, Spool> MatchSpools(IReadOnlyCollection<Spool> spools)
    {
        var byId = new Dictionary<SpoolId, Spool>();
        foreach (var spool in spools)
        {
            byId[spool.Id] = spool;
        }

        foreach (var material in _materials)
        {
            if (!byId.ContainsKey(material.SpoolId))
            {
                throw new ArgumentException($"Spool {material.SpoolCode} of run #{Number} was not passed in.", nameof(spools));
            }
        }

        return byId;
    }

    private void RequireStatus(string action, params RunStatus[] allowed)
    {
        if (Array.IndexOf(allowed, Status) >= 0)
        {
            return;
        }

        var message = Status switch
        {
            RunStatus.Completed when action == "complete" => $"Run #{Number} is already completed; a run is completed once. Its notes can still be changed.",
            RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled =>
                $"Run #{Number} is {Describe(Status)} and final: you cannot {action}. Only its notes can change; create a new run (or a reprint) instead.",
            _ => $"Run #{Number} is {Describe(Status)}: you can {action} only when it is {string.Join(" or ", allowed.Select(Describe))}.",
        };
        throw new RunStateException(Number, Status, action, message);
    }

    private void Replace(RunMaterial old, RunMaterial updated)
    {
        _materials[_materials.IndexOf(old)] = updated;
        Invalidate();
    }

    /// <summary>Recomputes BOM-derived estimates: per material, the items' grams split evenly over that material's spools.</summary>
    private void EstimatesChanged()
    {
        EstimateSource = EstimateSource.Bom;
        EstimateSourceName = null;
        var specs = _materials.Select(m => m.Material.Spec).Distinct().ToList();
        foreach (var spec in specs)
        {
            var model = Mass.Zero;
            var supports = Mass.Zero;
            foreach (var item in _items)
            {
                model += item.EstimatedGramsFor(spec);
                supports += item.EstimatedSupportsFor(spec);
            }

            var indexes = Enumerable.Range(0, _materials.Count).Where(i => _materials[i].Material.Spec == spec).ToList();
            // Shares are cut to 0.0001 g and the last spool takes the remainder: a third of 204.5 g has no exact decimal,
            // and 28-digit shares stop adding up exactly (in another order, or in a variance breakdown).
            var share = SplitShare(model.Grams, indexes.Count);
            var supportShare = SplitShare(supports.Grams, indexes.Count);
            var givenModel = 0m;
            var givenSupports = 0m;
            for (var k = 0; k < indexes.Count; k++)
            {
                var last = k == indexes.Count - 1;
                var m = last ? model.Grams - givenModel : share;
                var s = last ? supports.Grams - givenSupports : supportShare;
                givenModel += m;
                givenSupports += s;
                _materials[indexes[k]] = _materials[indexes[k]] with { EstimatedModel = new Mass(m), EstimatedSupports = new Mass(s) };
            }
        }

        Invalidate();
    }

    /// <summary>A <c>default</c> rating has 0 stars and skipped the constructor's check: refuse it like any rating outside 1..5.</summary>
    private static QualityRating Checked(QualityRating quality) => new(quality.Stars);

    private static decimal SplitShare(decimal grams, int spools) => decimal.Round(grams / spools, 4, MidpointRounding.ToZero);

    private static string? CleanNotes(string? notes) =>
        string.IsNullOrWhiteSpace(notes) ? null : Limits.Length(notes.Trim(), Limits.MaxTextLength, "notes");

    private static Mass NonNegative(Mass value, string what) =>
        Limits.Weight(value, what, positive: false, "Give grams as the scale or the slicer shows them.");

    private DomainRuleException NotOnPlate(string product) =>
        new(DomainRule.ItemAssignment, $"Product {product} is not on run #{Number}. See the run's products with 'run show {Number}'.");

    private DomainRuleException NotAssigned(string spool) =>
        new(DomainRule.SpoolAssignment, $"Spool {spool} is not assigned to run #{Number}. Assign it first.");

    /// <summary>A status in words inside a sentence: "a draft", "in progress", "completed"...</summary>
    internal static string Describe(RunStatus status) => status switch
    {
        RunStatus.Draft => "a draft",
        RunStatus.InProgress => "in progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Join(List<string> values) => values.Count == 0 ? "none" : string.Join(", ", values);

    /// <summary>"spool S2 has" or "spools S1, S2 have".</summary>
    private static string Spools(List<string> codes) =>
        codes.Count == 1 ? $"spool {codes[0]} has" : $"spools {string.Join(", ", codes)} have";
}

/// <summary>A spool is already on a printer in another run in progress.</summary>
public sealed class SpoolInUseException : DomainRuleException
{
    /// <summary>Creates the error.</summary>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="otherRun">The run in progress that uses it.</param>
    /// <param name="otherRunNumber">That run's number, when known.</param>
    /// <param name="message">A specific message, or null for the usual one.</param>
    public SpoolInUseException(string spoolCode, RunId otherRun, int? otherRunNumber = null, string? message = null)
        : base(DomainRule.SpoolInUse, message ?? $"Spool {spoolCode} is in run {(otherRunNumber is { } n ? "#" + n : otherRun.ToString())}, which is in progress; a spool is on one printer at a time. Complete, fail or cancel that run first, or use another spool.")
    {
        SpoolCode = spoolCode;
        OtherRun = otherRun;
        OtherRunNumber = otherRunNumber;
    }

    /// <summary>The spool.</summary>
    public string SpoolCode { get; }

    /// <summary>The run in progress that uses it.</summary>
    public RunId OtherRun { get; }

    /// <summary>That run's number, when known.</summary>
    public int? OtherRunNumber { get; }
}
