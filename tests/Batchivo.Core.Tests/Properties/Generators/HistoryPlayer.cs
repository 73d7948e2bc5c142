using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

/// <summary>Plays plans against a farm through the domain API.</summary>
public static class HistoryPlayer
{
    /// <summary>Plays a history.</summary>
    /// <param name="farm">The farm (changed: spools are weighed and consumed).</param>
    /// <param name="plans">One plan per run.</param>
    /// <param name="bias">Usage in percent of the estimate, for the whole history.</param>
    /// <param name="noise">How far each spool's usage strays from it, in percent.</param>
    /// <returns>The history.</returns>
    public static History Play(Farm farm, IReadOnlyList<RunPlan> plans, int bias, int noise)
    {
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(plans);
        var runs = new List<ProductionRun>();
        var clock = Generators.Epoch;
        foreach (var plan in plans)
        {
            clock = clock.AddMinutes(plan.Gap);
            runs.Add(PlayRun(farm, runs, plan, clock, bias, noise));
        }

        return new History(farm, runs, plans);
    }

    private static ProductionRun PlayRun(Farm farm, List<ProductionRun> runs, RunPlan plan, DateTimeOffset created, int bias, int noise)
    {
        // Products: a reprint of an earlier run's uncovered failed units, else the plan's (duplicates dropped).
        ProductionRun? original = null;
        var items = new List<(Product Product, int Quantity, int SuccessPercent)>();
        if (plan.Reprint)
        {
            var candidates = runs.Where(r => r.Status is RunStatus.Completed or RunStatus.Failed && Reprints.Uncovered(r, runs).Count > 0).ToList();
            if (candidates.Count > 0)
            {
                original = candidates[plan.Pick % candidates.Count];
                items.AddRange(Reprints.Uncovered(original, runs).Select((n, i) => (farm.Product(n.ProductId), n.Units, plan.Items[i % plan.Items.Count].SuccessPercent)));
            }
        }

        if (original is null)
        {
            foreach (var item in plan.Items)
            {
                var product = farm.Products[item.Product % farm.Products.Count];
                if (!items.Exists(i => i.Product == product))
                {
                    items.Add((product, item.Quantity, item.SuccessPercent));
                }
            }
        }

        // Spools: one free spool per material the products need, maybe more of the first, maybe one of another material.
        var specs = items.SelectMany(i => i.Product.Bom.Select(l => l.Material)).Distinct().ToList();
        var chosen = new List<Spool>();
        foreach (var spec in specs)
        {
            chosen.Add(FreeSpool(farm, spec, chosen, plan.Pick, created));
        }

        for (var k = 0; k < plan.SameSpecExtras && chosen.Count < 4; k++)
        {
            chosen.Add(FreeSpool(farm, specs[0], chosen, plan.Pick + k + 1, created));
        }

        if (plan.OtherSpecExtra && chosen.Count < 4 && farm.Specs.FirstOrDefault(s => !specs.Contains(s)) is { } other)
        {
            chosen.Add(FreeSpool(farm, other, chosen, plan.Pick, created));
        }

        var printer = farm.Printers[plan.Printer % farm.Printers.Count];
        if (printer.MaterialSlots < chosen.Count)
        {
            printer = farm.Printers[0];
        }

        var run = ProductionRun.Create(runs.Count + 1, printer, created, plan.EstimatedMinutes is { } m ? TimeSpan.FromMinutes(m) : null, null, original?.Id);
        foreach (var (product, quantity, _) in items)
        {
            run.AddItem(product, quantity);
        }

        for (var i = 0; i < chosen.Count; i++)
        {
            run.AssignSpool(chosen[i], printer.MaterialSlots, new Mass(plan.Spools[i].Purge / 10m), new Mass(plan.Spools[i].Tower / 10m));
        }

        if (plan.Slicer is { } slicer)
        {
            var lines = chosen.Select((s, i) => new SlicerSpoolEstimate(s.Code, new Mass(slicer.Lines[i].Model / 10m), new Mass(slicer.Lines[i].Purge / 10m), new Mass(slicer.Lines[i].Tower / 10m))).ToList();
            run.ApplySlicerEstimate(new SlicerEstimate("plate.gcode.3mf", lines, slicer.PrintMinutes is { } pm ? TimeSpan.FromMinutes(pm) : null));
        }

        var startAt = created.AddMinutes(plan.StartDelay);
        var endAt = startAt.AddMinutes(plan.Duration);
        if (plan.Target is Target.Draft or Target.Ready or Target.CancelledDraft)
        {
            for (var i = 0; i < chosen.Count; i++)
            {
                if (plan.Spools[i].WeighBefore || plan.Target == Target.Ready)
                {
                    run.RecordWeightBefore(chosen[i], WeightBefore(chosen[i], plan.Spools[i]), created);
                }
            }

            Strip(run, plan.Target == Target.Ready ? DraftStrip.None : plan.Strip);
            if (plan.Target == Target.CancelledDraft)
            {
                run.Cancel(farm.SpoolsOf(run), startAt);
            }

            return run;
        }

        for (var i = 0; i < chosen.Count; i++)
        {
            run.RecordWeightBefore(chosen[i], WeightBefore(chosen[i], plan.Spools[i]), created);
        }

        run.Start(chosen, startAt);
        if (plan.RateEarly && plan.Quality is { } early)
        {
            run.Rate(new QualityRating(early));
        }

        var weighAll = plan.Target is Target.Completed or Target.Failed or Target.Printed;
        for (var i = 0; i < chosen.Count; i++)
        {
            var use = plan.Spools[i];
            if (weighAll || use.WeighAfter)
            {
                run.RecordWeightAfter(chosen[i].Id, WeightAfter(run.Materials[i], use, bias, noise));
            }

            if (use.Supports is not null || use.MeasuredPurge is not null || use.MeasuredTower is not null)
            {
                run.RecordMeasuredWaste(chosen[i].Id, Grams(use.Supports), Grams(use.MeasuredPurge), Grams(use.MeasuredTower));
            }
        }

        if (plan.Target == Target.Completed || plan.RecordOutcomes)
        {
            foreach (var (product, quantity, successPercent) in items)
            {
                var ok = quantity * successPercent / 100;
                run.RecordOutcome(product.Id, ok, quantity - ok);
            }
        }

        switch (plan.Target)
        {
            case Target.Completed:
                run.Complete(chosen, endAt, plan.RateEarly || plan.Quality is null ? null : new QualityRating(plan.Quality.Value));
                break;
            case Target.Failed:
                run.Fail(chosen, endAt);
                break;
            case Target.CancelledInProgress:
                run.Cancel(chosen, endAt);
                break;
            default:
                break;
        }

        return run;
    }

    /// <summary>
    /// Plays runs that agree exactly: every run has the first product and maybe others, one spool per material,
    /// and each spool uses k x its model estimate + its purge estimate (nothing measured), all units successful.
    /// </summary>
    /// <param name="farm">The farm (one spool per material).</param>
    /// <param name="k">The factor.</param>
    /// <param name="runs">Per run: quantities per product, which other products are on the plate, purge per spool (tenths).</param>
    /// <param name="options">The calibration thresholds.</param>
    /// <returns>The runs.</returns>
    public static AgreeingRuns PlayAgreeing(Farm farm, decimal k, IReadOnlyList<(int[] Quantities, bool[] Others, int[] Purges)> runs, CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(runs);
        var played = new List<ProductionRun>();
        var clock = Generators.Epoch;
        var printer = farm.Printers[0];
        foreach (var (quantities, others, purges) in runs)
        {
            clock = clock.AddHours(3);
            var run = ProductionRun.Create(played.Count + 1, printer, clock);
            for (var p = 0; p < farm.Products.Count; p++)
            {
                if (p == 0 || others[p])
                {
                    run.AddItem(farm.Products[p], quantities[p]);
                }
            }

            var specs = run.Items.SelectMany(i => i.Bom.Select(l => l.Material)).Distinct().ToList();
            var spools = farm.Spools.Where(s => specs.Contains(s.Material.Spec)).ToList();
            for (var i = 0; i < spools.Count; i++)
            {
                run.AssignSpool(spools[i], printer.MaterialSlots, new Mass(purges[i] / 10m));
                var before = Math.Max(spools[i].GrossWeight?.Grams ?? 0m, 6000m);
                run.RecordWeightBefore(spools[i], new Mass(before), clock);
            }

            run.Start(spools, clock.AddMinutes(1));
            foreach (var m in run.Materials.ToList())
            {
                run.RecordWeightAfter(m.SpoolId, m.WeightBefore!.Value - ((m.EstimatedModel * k) + m.EstimatedPurge + m.EstimatedTower));
            }

            foreach (var item in run.Items.ToList())
            {
                run.RecordOutcome(item.ProductId, item.Quantity, 0);
            }

            run.Complete(spools, clock.AddMinutes(90));
            played.Add(run);
        }

        return new AgreeingRuns(farm, played, k, options);
    }

    /// <summary>Plays edits on a draft, skipping those the draft would refuse (duplicates, full slots, nothing to remove).</summary>
    /// <param name="farm">The farm.</param>
    /// <param name="ops">The edits.</param>
    /// <returns>The edited draft.</returns>
    public static EditedDraft PlayEdits(Farm farm, IReadOnlyList<EditOp> ops)
    {
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(ops);
        var printer = farm.Printers[0];
        var run = ProductionRun.Create(1, printer, Generators.Epoch);
        Dictionary<string, Mass>? slicer = null;
        foreach (var op in ops)
        {
            switch (op)
            {
                case AddItemOp add when run.FindItem(farm.Products[add.Product % farm.Products.Count].Id) is null:
                    run.AddItem(farm.Products[add.Product % farm.Products.Count], add.Quantity);
                    slicer = null;
                    break;
                case RemoveItemOp remove when run.Items.Count > 0:
                    run.RemoveItem(run.Items[remove.Index % run.Items.Count].ProductId);
                    slicer = null;
                    break;
                case AssignOp assign when run.Materials.Count < Math.Min(4, printer.MaterialSlots) && run.FindMaterial(farm.Spools[assign.Spool % farm.Spools.Count].Id) is null:
                    run.AssignSpool(farm.Spools[assign.Spool % farm.Spools.Count], printer.MaterialSlots, new Mass(assign.Purge / 10m), new Mass(assign.Tower / 10m));
                    slicer = null;
                    break;
                case UnassignOp unassign when run.Materials.Count > 0:
                    run.UnassignSpool(run.Materials[unassign.Index % run.Materials.Count].SpoolId);
                    slicer = null;
                    break;
                case SlicerOp s when run.Materials.Count > 0:
                    var lines = run.Materials.Select((m, i) => new SlicerSpoolEstimate(m.SpoolCode, new Mass(s.Lines[i].Model / 10m), new Mass(s.Lines[i].Purge / 10m), new Mass(s.Lines[i].Tower / 10m))).ToList();
                    run.ApplySlicerEstimate(new SlicerEstimate("edit.3mf", lines, null));
                    slicer = lines.ToDictionary(l => l.SpoolCode, l => l.Model);
                    break;
                default:
                    break;
            }
        }

        return new EditedDraft(farm, run, ops, slicer);
    }

    private static void Strip(ProductionRun run, DraftStrip strip)
    {
        switch (strip)
        {
            case DraftStrip.RemoveItems:
                foreach (var item in run.Items.ToList())
                {
                    run.RemoveItem(item.ProductId);
                }

                break;
            case DraftStrip.UnassignSpools:
                foreach (var material in run.Materials.ToList())
                {
                    run.UnassignSpool(material.SpoolId);
                }

                break;
            case DraftStrip.UnassignFirstSpool when run.Materials.Count > 0:
                run.UnassignSpool(run.Materials[0].SpoolId);
                break;
            default:
                break;
        }
    }

    private static Spool FreeSpool(Farm farm, MaterialSpec spec, List<Spool> taken, int pick, DateTimeOffset at)
    {
        var free = farm.Spools.Where(s => s.Material.Spec == spec && s.ActiveRunId is null && !taken.Contains(s)).ToList();
        return free.Count > 0 ? free[pick % free.Count] : farm.OpenSpool(spec, at);
    }

    private static Mass WeightBefore(Spool spool, SpoolUsePlan use)
    {
        var last = spool.GrossWeight?.Grams ?? ((spool.Tare?.Grams ?? 200m) + spool.NominalNet.Grams);
        return new Mass(Math.Max(0.1m, last + (use.Jitter / 10m)));
    }

    private static Mass WeightAfter(RunMaterial material, SpoolUsePlan use, int bias, int noise)
    {
        var factor = bias / 100m * (1m + (noise / 100m * use.Spread / 1000m));
        var used = decimal.Round(material.EstimatedTotal.Grams * factor, 1, MidpointRounding.AwayFromZero) + (use.Extra / 10m);
        var before = material.WeightBefore!.Value.Grams;
        used = Math.Clamp(used, 0m, before - 0.1m);
        return new Mass(before - used);
    }

    private static Mass? Grams(int? tenths) => tenths is { } t ? new Mass(t / 10m) : null;
}
