using System.CommandLine;
using Batchivo.Catalog;

namespace Batchivo.Samples.Console;

/// <summary>`catalog spool weigh|adjust`: a spool's weight outside a run (a stock check, or a correction with a reason).</summary>
internal static class SpoolWeighCommands
{
    public static IEnumerable<Command> Create(Argument<string> code, Func<Session, Spool, string, CancellationToken, Task> show)
    {
        var grams = new Option<decimal>("--grams") { Description = "The gross weight on the scale, grams (spool and filament).", Required = true };
        var note = new Option<string?>("--note") { Description = "Why, e.g. \"stock check\"." };
        var weigh = new Command("weigh", "Record a weighing of a spool that is not in a run in progress (e.g. a stock check); it goes into the spool's ledger.") { code, grams, note };
        Cli.Run(weigh, async (p, s, ct) =>
        {
            var spool = await Retry.OnConflictAsync(t => s.Production.Catalog.WeighSpoolAsync(p.GetValue(code)!, Mass.FromGrams(p.GetValue(grams)), p.GetValue(note), t), ct);
            await show(s, spool, "Weighed", ct);
        });
        yield return weigh;

        var reason = new Option<string>("--reason") { Description = "Why the weight is corrected, kept in the ledger, e.g. \"scale was not tared\".", Required = true };
        var adjust = new Command("adjust", "Correct a spool's weight by hand, with a reason kept in its ledger (not while it is in a run in progress).") { code, grams, reason };
        Cli.Run(adjust, async (p, s, ct) =>
            await show(s, await s.Production.Catalog.AdjustSpoolAsync(p.GetValue(code)!, Mass.FromGrams(p.GetValue(grams)), p.GetValue(reason)!, ct), "Corrected", ct));
        yield return adjust;
    }
}
