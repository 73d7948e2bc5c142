using Batchivo.Catalog;

namespace Batchivo.Production;

// Printing and after: pre-flight, start, weights after, outcomes, and the end of the run.
public sealed partial class ProductionRun
{
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
        Quality = quality;
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
        var byId = MatchSpools(spools);
        RequireWeightsAfter("complete");
        var missing = _items.Where(i => !i.HasOutcome).Select(i => i.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(DomainRule.NeedsOutcome, $"Run #{Number} cannot complete: record how many units succeeded and failed for {string.Join(", ", missing)}.");
        }

        Consume(byId, at, requireAll: true);
        Quality = quality ?? Quality;
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

    internal void AcceptCommit(RunStatus committed)
    {
        Version++;
        StoredStatus = committed;
    }
}
