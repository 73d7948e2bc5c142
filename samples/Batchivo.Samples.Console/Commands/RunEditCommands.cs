using System.CommandLine;
using Batchivo.Storage;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>
/// Changes to a run after it was set up: a draft's products and spools, the pre-flight check before starting, and
/// notes (on any run, final ones included).
/// </summary>
internal static class RunEditCommands
{
    public static IEnumerable<Command> Create(Argument<int> number, Argument<string> sku, Argument<string> spool)
    {
        var remove = new Command("remove-product", "Take a product off a draft run's plate.") { number, sku };
        Cli.Run(remove, async (p, s, ct) =>
            RunCommands.Show(s, await s.Production.Runs.RemoveProductFromRunAsync(p.GetValue(number), p.GetValue(sku)!, ct), null));
        yield return remove;

        var quantity = new Option<int>("--quantity", "-q") { Description = "The new number of units on the plate.", Required = true };
        var setQuantity = new Command("set-quantity", "Change how many units of a product a draft run prints (its estimate uses the product's current BOM).") { number, sku, quantity };
        Cli.Run(setQuantity, async (p, s, ct) =>
            RunCommands.Show(s, await s.Production.Runs.SetQuantityAsync(p.GetValue(number), p.GetValue(sku)!, p.GetValue(quantity), ct), null));
        yield return setQuantity;

        var unassign = new Command("unassign-spool", "Take a spool off a draft run.") { number, spool };
        Cli.Run(unassign, async (p, s, ct) =>
            RunCommands.Show(s, await s.Production.Runs.UnassignSpoolAsync(p.GetValue(number), p.GetValue(spool)!, ct), null));
        yield return unassign;

        var check = new Command("check", "The pre-flight check before starting: which spools may not hold enough filament.") { number };
        Cli.Read(check, async (p, s, ct) =>
        {
            var warnings = await s.Production.Runs.PreflightAsync(p.GetValue(number), ct);
            s.Emit(new CheckJson(p.GetValue(number), [.. warnings.Select(w => new PreflightJson(w.SpoolCode, Shapes.G(w.Remaining), Shapes.G(w.Needed), w.Message))]), c =>
            {
                foreach (var warning in warnings)
                {
                    c.MarkupLineInterpolated($"[yellow]warning:[/] {warning.Message}");
                }

                c.MarkupLineInterpolated($"Run #{p.GetValue(number)}: {(warnings.Count == 0 ? "every spool holds enough filament." : $"{warnings.Count} warning{(warnings.Count == 1 ? "" : "s")}.")}");
            });
        });
        yield return check;

        var text = new Argument<string>("text") { Description = "The notes; \"\" clears them." };
        var notes = new Command("notes", "Set a run's notes, on any run (a completed, failed or cancelled run's notes can still change).") { number, text };
        Cli.Run(notes, async (p, s, ct) =>
            RunCommands.Show(s, await s.Production.Runs.SetNotesAsync(p.GetValue(number), p.GetValue(text), ct), null));
        yield return notes;
    }
}

/// <summary>A pre-flight warning in <c>run check --json</c>.</summary>

/// <summary><c>run check --json</c>: the run and its pre-flight warnings (none: every spool holds enough).</summary>
