using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

/// <summary>Calls a run must refuse in its current state, each with the rule it breaks (null: any domain error).</summary>
public static class RefusedCalls
{
    /// <summary>A call <paramref name="run"/> must refuse.</summary>
    /// <param name="history">The history the run belongs to.</param>
    /// <param name="run">The run.</param>
    /// <returns>The generator.</returns>
    public static Gen<RefusedCall> For(History history, ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(run);
        var farm = history.Farm;
        var spools = farm.SpoolsOf(run);
        var at = run.ActivityAt.AddMinutes(5);
        var anyProduct = Gen.Elements(farm.Products.ToArray());
        var anySpool = Gen.Elements(farm.Spools.ToArray());
        var unassigned = farm.Spools.Where(s => run.FindMaterial(s.Id) is null).ToArray();
        var grams = Gen.Choose(0, 3000).Select(t => new Mass(t / 10m));
        var weight = Gen.Choose(1, 30000).Select(t => new Mass(t / 10m));
        var notPositive = Gen.Choose(-3000, 0).Select(t => new Mass(t / 10m));
        var negative = Gen.Choose(-3000, -1).Select(t => new Mass(t / 10m));
        var quality = Gen.Choose(1, 5).Select(s => new QualityRating(s));
        // Calls in the wrong state weigh 1, the state's own mistakes (bad arguments, missing preconditions) weigh 3,
        // refused starts (the transition with the most preconditions) 6.
        var calls = new List<(int Weight, Gen<RefusedCall> Gen)>();

        void Add(Gen<RefusedCall> gen) => calls.Add((1, gen));
        void AddFixed(string name, DomainRule? rule, Action act) => Add(Gen.Constant(new RefusedCall(name, rule, () => { }, act)));
        void Mistake(Gen<RefusedCall> gen, int weight = 3) => calls.Add((weight, gen));
        void FixedMistake(string name, DomainRule? rule, Action act, int weight = 3) => Mistake(Gen.Constant(new RefusedCall(name, rule, () => { }, act)), weight);
        Gen<RunMaterial> AnyMaterial() => Gen.Elements(run.Materials.ToArray());
        Gen<RunItem> AnyItem() => Gen.Elements(run.Items.ToArray());
        SlicerEstimate Slicer(IEnumerable<SlicerSpoolEstimate> lines, TimeSpan? time = null) => new("refused.3mf", [.. lines], time);
        IEnumerable<SlicerSpoolEstimate> ValidLines() => run.Materials.Select(m => new SlicerSpoolEstimate(m.SpoolCode, new Mass(10m), Mass.Zero, Mass.Zero));

        // Calls only a draft accepts (with valid arguments).
        void DraftOnly(DomainRule rule)
        {
            Add(from p in anyProduct from q in Gen.Choose(1, 5) select new RefusedCall($"AddItem({p.Sku}, {q})", rule, () => { }, () => run.AddItem(p, q)));
            Add(from s in anySpool from purge in grams select new RefusedCall($"AssignSpool({s.Code})", rule, () => { }, () => run.AssignSpool(s, 64, purge)));
            Add(Gen.Choose(1, 600).Select(m => new RefusedCall($"SetEstimatedDuration({m} min)", rule, () => { }, () => run.SetEstimatedDuration(TimeSpan.FromMinutes(m)))));
            AddFixed("Start", rule, () => run.Start(spools, at));
            if (run.Items.Count > 0)
            {
                Add(AnyItem().Select(i => new RefusedCall($"RemoveItem({i.Sku})", rule, () => { }, () => run.RemoveItem(i.ProductId))));
            }

            if (run.Materials.Count > 0)
            {
                Add(AnyMaterial().Select(m => new RefusedCall($"UnassignSpool({m.SpoolCode})", rule, () => { }, () => run.UnassignSpool(m.SpoolId))));
                Add(from m in AnyMaterial() from p in grams from t in grams select new RefusedCall($"SetPurgeEstimate({m.SpoolCode}, {p}, {t})", rule, () => { }, () => run.SetPurgeEstimate(m.SpoolId, p, t)));
                AddFixed("ApplySlicerEstimate(valid)", rule, () => run.ApplySlicerEstimate(Slicer(ValidLines())));
                Add(from m in AnyMaterial() from w in weight select new RefusedCall($"RecordWeightBefore({m.SpoolCode}, {w})", rule, () => { }, () => run.RecordWeightBefore(farm.Spool(m.SpoolId), w, at)));
            }
        }

        // Calls only a run in progress accepts (with valid arguments).
        void InProgressOnly(DomainRule rule)
        {
            AddFixed("Complete", rule, () => run.Complete(spools, at));
            AddFixed("Fail", rule, () => run.Fail(spools, at));
            Add(quality.Select(q => new RefusedCall($"Rate({q.Stars})", rule, () => { }, () => run.Rate(q))));
            if (run.Materials.Count > 0)
            {
                Add(from m in AnyMaterial() from w in weight select new RefusedCall($"RecordWeightAfter({m.SpoolCode}, {w})", rule, () => { }, () => run.RecordWeightAfter(m.SpoolId, w)));
                Add(from m in AnyMaterial() from s in grams from p in grams select new RefusedCall($"RecordMeasuredWaste({m.SpoolCode}, {s}, {p}, null)", rule, () => { }, () => run.RecordMeasuredWaste(m.SpoolId, s, p, null)));
            }

            if (run.Items.Count > 0)
            {
                Add(AnyItem().Select(i => new RefusedCall($"RecordOutcome({i.Sku}, {i.Quantity}, 0)", rule, () => { }, () => run.RecordOutcome(i.ProductId, i.Quantity, 0))));
            }
        }

        switch (run.Status)
        {
            case RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled:
                DraftOnly(DomainRule.RunState);
                InProgressOnly(DomainRule.RunState);
                AddFixed("Cancel", DomainRule.RunState, () => run.Cancel(spools, at));
                break;

            case RunStatus.Draft:
                InProgressOnly(DomainRule.RunState);
                AddDraftMistakes();
                break;

            default:
                DraftOnly(DomainRule.RunState);
                AddInProgressMistakes();
                break;
        }

        return Gen.Frequency(calls);

        void AddDraftMistakes()
        {
            Mistake(from p in anyProduct from q in Gen.Choose(-5, 0) select new RefusedCall($"AddItem({p.Sku}, {q})", DomainRule.QuantityMustBePositive, () => { }, () => run.AddItem(p, q)));
            FixedMistake("RemoveItem(unknown)", DomainRule.ItemAssignment, () => run.RemoveItem(ProductId.New()));
            FixedMistake("UnassignSpool(unknown)", DomainRule.SpoolAssignment, () => run.UnassignSpool(SpoolId.New()));
            Mistake(from p in grams from t in grams select new RefusedCall("SetPurgeEstimate(unknown)", DomainRule.SpoolAssignment, () => { }, () => run.SetPurgeEstimate(SpoolId.New(), p, t)));
            Mistake(Gen.Choose(-600, 0).Select(m => new RefusedCall($"SetEstimatedDuration({m} min)", DomainRule.QuantityMustBePositive, () => { }, () => run.SetEstimatedDuration(TimeSpan.FromMinutes(m)))));
            FixedMistake("ApplySlicerEstimate(stranger)", DomainRule.SlicerEstimate, () => run.ApplySlicerEstimate(Slicer([.. ValidLines(), new SlicerSpoolEstimate("NOT-IN-RUN", new Mass(5m), Mass.Zero, Mass.Zero)])));
            if (run.Items.Count > 0)
            {
                Mistake(from i in AnyItem() from q in Gen.Choose(1, 5) select new RefusedCall($"AddItem({i.Sku}) again", DomainRule.ItemAssignment, () => { }, () => run.AddItem(farm.Product(i.ProductId), q)));
            }

            if (unassigned.Length > 0)
            {
                var anyUnassigned = Gen.Elements(unassigned);
                Mistake(anyUnassigned.Select(s => new RefusedCall($"AssignSpool({s.Code}) with all {run.Materials.Count} slots taken", DomainRule.SpoolAssignment, () => { }, () => run.AssignSpool(s, run.Materials.Count))));
                Mistake(from s in anyUnassigned from bad in negative from towerFirst in Gen.Elements(true, false)
                    select new RefusedCall($"AssignSpool({s.Code}) with negative {(towerFirst ? "tower" : "purge")} {bad}", DomainRule.WeightMustBePositive, () => { }, () => run.AssignSpool(s, 64, towerFirst ? Mass.Zero : bad, towerFirst ? bad : Mass.Zero)));
                Mistake(from s in anyUnassigned from w in weight select new RefusedCall($"RecordWeightBefore({s.Code}) not assigned", DomainRule.SpoolAssignment, () => { }, () => run.RecordWeightBefore(s, w, at)));
            }

            if (run.Materials.Count == 0)
            {
                FixedMistake("ApplySlicerEstimate(no spools)", DomainRule.SlicerEstimate, () => run.ApplySlicerEstimate(Slicer([])));
            }
            else
            {
                Mistake(from spec in Gen.Elements(farm.Specs.ToArray()) from currency in Gen.Elements("EUR", "GBP", "JPY")
                    select new RefusedCall($"AssignSpool(a {currency} spool) to a USD run", DomainRule.CurrencyMismatch, () => { }, () => run.AssignSpool(global::Batchivo.Catalog.Spool.Create("FX-1", new Material(spec), new Mass(1000m), new Money(20m, currency), at), 64)));
                Mistake(AnyMaterial().Select(m => new RefusedCall($"AssignSpool({m.SpoolCode}) again", DomainRule.SpoolAssignment, () => { }, () => run.AssignSpool(farm.Spool(m.SpoolId), 64))));
                Mistake(from m in AnyMaterial() from bad in negative from towerFirst in Gen.Elements(true, false)
                    select new RefusedCall($"SetPurgeEstimate({m.SpoolCode}) negative", DomainRule.WeightMustBePositive, () => { }, () => run.SetPurgeEstimate(m.SpoolId, towerFirst ? Mass.Zero : bad, towerFirst ? bad : Mass.Zero)));
                Mistake(from m in AnyMaterial() from w in notPositive select new RefusedCall($"RecordWeightBefore({m.SpoolCode}, {w})", DomainRule.WeightMustBePositive, () => { }, () => run.RecordWeightBefore(farm.Spool(m.SpoolId), w, at)));
                Mistake(Gen.Choose(0, run.Materials.Count - 1).Select(skip => new RefusedCall("ApplySlicerEstimate(missing a spool)", DomainRule.SlicerEstimate, () => { }, () => run.ApplySlicerEstimate(Slicer(ValidLines().Where((_, i) => i != skip))))));
                Mistake(Gen.Choose(0, run.Materials.Count - 1).Select(twice => new RefusedCall("ApplySlicerEstimate(a spool twice)", DomainRule.SlicerEstimate, () => { }, () => run.ApplySlicerEstimate(Slicer([.. ValidLines(), ValidLines().ElementAt(twice)])))));
                Mistake(from which in Gen.Choose(0, run.Materials.Count - 1) from field in Gen.Choose(0, 2) from bad in negative
                    select new RefusedCall($"ApplySlicerEstimate(negative field {field})", DomainRule.WeightMustBePositive, () => { }, () => run.ApplySlicerEstimate(Slicer(ValidLines().Select((l, i) => i != which ? l : field switch
                    {
                        0 => l with { Model = bad },
                        1 => l with { Purge = bad },
                        _ => l with { Tower = bad },
                    })))));
                Mistake(Gen.Choose(-600, 0).Select(m => new RefusedCall($"ApplySlicerEstimate(print time {m} min)", DomainRule.SlicerEstimate, () => { }, () => run.ApplySlicerEstimate(Slicer(ValidLines(), TimeSpan.FromMinutes(m))))));
            }

            if (!ReadyToStart())
            {
                FixedMistake("Start (not ready)", null, () => run.Start(spools, at), 6);
            }
            else
            {
                Mistake(from m in AnyMaterial() from delta in Gen.Choose(1, 500)
                    select new RefusedCall($"Start after {m.SpoolCode} was weighed again", DomainRule.StaleWeighing, () => farm.Spool(m.SpoolId).RecordWeighing(farm.Spool(m.SpoolId).GrossWeight!.Value + new Mass(delta / 10m), at), () => run.Start(spools, at)), 6);
                Mistake(AnyMaterial().Select(m => new RefusedCall($"Start while {m.SpoolCode} is in another run", DomainRule.SpoolInUse, () => Block(farm.Spool(m.SpoolId), at), () => run.Start(spools, at))), 6);
            }
        }

        void AddInProgressMistakes()
        {
            Mistake(from m in AnyMaterial() from extra in Gen.Choose(1, 1000)
                select new RefusedCall($"RecordWeightAfter({m.SpoolCode}) above before", DomainRule.WeightAfterAboveBefore, () => { }, () => run.RecordWeightAfter(m.SpoolId, m.WeightBefore!.Value + new Mass(extra / 10m))));
            Mistake(from m in AnyMaterial() from w in notPositive select new RefusedCall($"RecordWeightAfter({m.SpoolCode}, {w})", DomainRule.WeightMustBePositive, () => { }, () => run.RecordWeightAfter(m.SpoolId, w)));
            Mistake(from w in weight select new RefusedCall("RecordWeightAfter(unknown)", DomainRule.SpoolAssignment, () => { }, () => run.RecordWeightAfter(SpoolId.New(), w)));
            Mistake(from m in AnyMaterial() from field in Gen.Choose(0, 2) from bad in negative
                select new RefusedCall($"RecordMeasuredWaste({m.SpoolCode}) negative field {field}", DomainRule.WeightMustBePositive, () => { }, () => run.RecordMeasuredWaste(m.SpoolId, field == 0 ? bad : null, field == 1 ? bad : Mass.Zero, field == 2 ? bad : null)));
            FixedMistake("RecordMeasuredWaste(unknown)", DomainRule.SpoolAssignment, () => run.RecordMeasuredWaste(SpoolId.New(), Mass.Zero, null, null));
            Mistake(from i in AnyItem() from s in Gen.Choose(-3, i.Quantity + 3) from f in Gen.Choose(-3, i.Quantity + 3)
                where s < 0 || f < 0 || s + f != i.Quantity
                select new RefusedCall($"RecordOutcome({i.Sku}, {s}, {f}) of {i.Quantity}", DomainRule.OutcomeCountsMismatch, () => { }, () => run.RecordOutcome(i.ProductId, s, f)));
            FixedMistake("RecordOutcome(unknown)", DomainRule.ItemAssignment, () => run.RecordOutcome(ProductId.New(), 0, 0));
            if (run.Materials.Any(m => m.WeightAfter is null))
            {
                FixedMistake("Complete without every weight after", DomainRule.NeedsWeightAfter, () => run.Complete(spools, at));
                FixedMistake("Fail without every weight after", DomainRule.NeedsWeightAfter, () => run.Fail(spools, at));
            }
            else if (run.Items.Any(i => !i.HasOutcome))
            {
                FixedMistake("Complete without every outcome", DomainRule.NeedsOutcome, () => run.Complete(spools, at));
            }
        }

        bool ReadyToStart() =>
            run.Items.Count > 0
            && run.Materials.Count > 0
            && run.Materials.All(m => m.WeightBefore is not null)
            && run.Items.All(i => i.Bom.All(l => run.Materials.Any(m => m.Material.Spec == l.Material)))
            && run.Materials.All(m => farm.Spool(m.SpoolId) is var s && (s.ActiveRunId is null || s.ActiveRunId == run.Id) && s.GrossWeight == m.WeightBefore);
    }

    /// <summary>Puts a spool on another printer: a run with it, started.</summary>
    /// <param name="spool">The spool.</param>
    /// <param name="at">When.</param>
    private static void Block(Spool spool, DateTimeOffset at)
    {
        var product = Product.Create("BLOCKER", "Blocker", [new BomLine(spool.Material.Spec, new Mass(1m))]);
        var printer = Printer.Create("BLOCKING-PRINTER", "Bambu A1", 4);
        var blocker = ProductionRun.Create(9999, printer, at);
        blocker.AddItem(product, 1);
        blocker.AssignSpool(spool, printer.MaterialSlots);
        blocker.RecordWeightBefore(spool, spool.GrossWeight!.Value, at);
        blocker.Start([spool], at);
    }
}
