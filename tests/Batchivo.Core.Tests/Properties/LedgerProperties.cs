using Batchivo.Catalog;
using Batchivo.Production;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Properties;

/// <summary>Mass conservation: what the runs say was used is what the spools' ledgers say was taken off them.</summary>
public sealed class LedgerProperties
{
    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Actual_usage_of_a_finished_run_is_the_sum_of_weight_before_minus_weight_after(History history)
    {
        foreach (var run in history.Runs.Where(r => r.Status is RunStatus.Completed or RunStatus.Failed))
        {
            var expected = 0m;
            foreach (var m in run.Materials)
            {
                var before = Assert.NotNull(m.WeightBefore);
                var after = Assert.NotNull(m.WeightAfter);
                Assert.True(after <= before, $"#{run.Number} {m.SpoolCode}: after {after} above before {before}");
                Assert.True(after.Grams > 0m);
                Assert.Equal(before - after, m.Actual);
                expected += before.Grams - after.Grams;
            }

            Assert.Equal(expected, Assert.NotNull(run.ActualTotal).Grams);
            Assert.Equal(expected, run.Totals.ActualRecorded.Grams);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Every_spool_weight_is_explained_by_its_ledger_and_the_ledger_matches_the_runs(History history)
    {
        var farm = history.Farm;
        foreach (var spool in farm.Spools)
        {
            // The ledger is a chain: each entry starts where the previous ended, and the deltas add up to the weight.
            Mass? previous = null;
            var sum = 0m;
            for (var i = 0; i < spool.Ledger.Count; i++)
            {
                var entry = spool.Ledger[i];
                Assert.Equal(i + 1, entry.Sequence);
                Assert.Equal(previous, entry.GrossBefore);
                Assert.True(entry.GrossAfter.Grams > 0m);
                sum += entry.Delta.Grams;
                previous = entry.GrossAfter;
            }

            Assert.Equal(previous, spool.GrossWeight);
            Assert.Equal(spool.GrossWeight?.Grams ?? 0m, sum);

            // What the runs say they took off this spool is what the ledger's consumption entries took off it.
            var usedByRuns = history.Runs
                .Where(r => r.IsFinal)
                .SelectMany(r => r.Materials.Where(m => m.SpoolId == spool.Id && m.Actual is not null))
                .Sum(m => m.Actual!.Value.Grams);
            var consumed = spool.Ledger.Where(e => e.Kind == LedgerEntryKind.ConsumedByRun).Sum(e => e.Delta.Grams);
            Assert.Equal(-usedByRuns, consumed);
        }

        foreach (var run in history.Runs)
        {
            foreach (var m in run.Materials)
            {
                var spool = farm.Spool(m.SpoolId);
                var weighed = spool.Ledger.Where(e => e.Kind == LedgerEntryKind.Weighed && e.RunId == run.Id).ToList();
                var consumed = spool.Ledger.Where(e => e.Kind == LedgerEntryKind.ConsumedByRun && e.RunId == run.Id).ToList();
                if (m.WeightBefore is { } before)
                {
                    // The weight before is the run's last weighing of the spool.
                    Assert.NotEmpty(weighed);
                    Assert.Equal(before, weighed[^1].GrossAfter);
                }
                else
                {
                    Assert.Empty(weighed);
                }

                if (run.IsFinal && run.StartedAt is not null && m.WeightAfter is { } after)
                {
                    // One consumption entry, from the weight before to the weight after: its delta is minus the usage.
                    var entry = Assert.Single(consumed);
                    Assert.Equal(after, entry.GrossAfter);
                    Assert.Equal(m.WeightBefore, entry.GrossBefore);
                    Assert.Equal(-m.Actual!.Value, entry.Delta);
                    Assert.Equal(run.EndedAt, entry.At);
                    Assert.Equal(run.Number, entry.RunNumber);
                }
                else
                {
                    Assert.Empty(consumed);
                }
            }
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void A_spool_is_held_exactly_by_the_run_in_progress_it_is_on(History history)
    {
        var holders = history.Runs
            .Where(r => r.Status == RunStatus.InProgress)
            .SelectMany(r => r.Materials.Select(m => (m.SpoolId, r.Id)))
            .ToList();
        Assert.Equal(holders.Count, holders.Select(h => h.SpoolId).Distinct().Count());
        foreach (var spool in history.Farm.Spools)
        {
            var holder = holders.Where(h => h.SpoolId == spool.Id).Select(h => (RunId?)h.Id).SingleOrDefault();
            Assert.Equal(holder, spool.ActiveRunId);
        }
    }
}
