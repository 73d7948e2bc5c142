using Batchivo.Catalog;

namespace Batchivo.Production;

// The checks and messages the run's steps share.
public sealed partial class ProductionRun
{
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
    private static decimal SplitShare(decimal grams, int spools) => decimal.Round(grams / spools, 4, MidpointRounding.ToZero);

    private static string? CleanNotes(string? notes) =>
        string.IsNullOrWhiteSpace(notes) ? null : Limits.Length(notes.Trim(), Limits.MaxTextLength, "notes");

    private static Mass NonNegative(Mass value, string what) =>
        Limits.Weight(value, what, positive: false, "Give grams as the scale or the slicer shows them.");

    private DomainRuleException NotOnPlate(string product) =>
        new(DomainRule.ItemAssignment, $"Product {product} is not on run #{Number}. Add it to the run first, or name a product the run has.");

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
