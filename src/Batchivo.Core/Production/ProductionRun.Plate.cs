using Batchivo.Catalog;

namespace Batchivo.Production;

// The draft: products on the plate, spools assigned, estimates, and the weights before printing.
public sealed partial class ProductionRun
{
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
}
