using System.CommandLine;
using System.Globalization;
using Batchivo.Production;
using Batchivo.Storage;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`run`: a production run from draft to completion.</summary>
internal static class RunCommands
{
    public static Command Create()
    {
        var number = new Argument<int>("run") { Description = "The run number, e.g. 1." };
        var sku = new Argument<string>("sku") { Description = "The product's SKU." };
        var spool = new Argument<string>("spool") { Description = "The spool's code." };
        var notes = new Option<string?>("--notes") { Description = "Notes." };

        var printer = new Option<string>("--printer") { Description = "The printer's name.", Required = true };
        var hours = new Option<decimal?>("--hours") { Description = "Estimated print time, hours, e.g. 4.5." };
        var create = new Command("new", "Create a draft run on a printer.") { printer, hours, notes };
        Cli.Run(create, async (p, s, ct) =>
            Show(s, await s.Production.CreateRunAsync(p.GetValue(printer)!, Args.Hours(p.GetValue(hours), "--hours"), p.GetValue(notes), ct), "Created"));

        var quantity = new Option<int>("--quantity", "-q") { Description = "Units on the plate.", Required = true };
        var bed = new Option<string?>("--bed") { Description = "Bed position, optional." };
        var addProduct = new Command("add-product", "Put a product on a draft run's plate.") { number, sku, quantity, bed };
        Cli.Run(addProduct, async (p, s, ct) =>
            Show(s, await s.Production.AddProductToRunAsync(p.GetValue(number), p.GetValue(sku)!, p.GetValue(quantity), p.GetValue(bed), ct), null));

        var purge = new Option<decimal?>("--purge") { Description = "Estimated purge grams from this spool." };
        var tower = new Option<decimal?>("--tower") { Description = "Estimated prime-tower grams from this spool." };
        var assign = new Command("assign-spool", "Assign a spool to a draft run.") { number, spool, purge, tower };
        Cli.Run(assign, async (p, s, ct) =>
            Show(s, await s.Production.AssignSpoolAsync(p.GetValue(number), p.GetValue(spool)!, Args.Grams(p.GetValue(purge)), Args.Grams(p.GetValue(tower)), ct), null));

        var start = new Command("start", "Start printing (checks weights before; warns when a spool may run out).") { number };
        Cli.Run(start, async (p, s, ct) =>
        {
            var result = await s.Production.StartAsync(p.GetValue(number), ct);
            s.Emit(new StartJson(Shapes.Run(result.Run), [.. result.Warnings.Select(w => w.Message)]), c =>
            {
                foreach (var warning in result.Warnings)
                {
                    c.MarkupLineInterpolated($"[yellow]warning:[/] {warning.Message}");
                }

                c.MarkupLineInterpolated($"Run #{result.Run.Number} started on {result.Run.PrinterName}.");
            });
        });

        var supports = new Option<decimal?>("--supports") { Description = "Measured support grams." };
        var mPurge = new Option<decimal?>("--purge") { Description = "Measured purge grams." };
        var mTower = new Option<decimal?>("--tower") { Description = "Measured tower grams." };
        var waste = new Command("waste", "Record measured supports, purge and tower of a spool (for the variance breakdown).") { number, spool, supports, mPurge, mTower };
        Cli.Run(waste, async (p, s, ct) =>
            Show(s, await s.Production.RecordMeasuredWasteAsync(p.GetValue(number), p.GetValue(spool)!, Args.Grams(p.GetValue(supports)), Args.Grams(p.GetValue(mPurge)), Args.Grams(p.GetValue(mTower)), ct), null));

        var successful = new Option<int>("--successful") { Description = "Successful units.", Required = true };
        var failed = new Option<int>("--failed") { Description = "Failed units.", DefaultValueFactory = _ => 0 };
        var outcome = new Command("outcome", "Record a product's successful and failed units.") { number, sku, successful, failed };
        Cli.Run(outcome, async (p, s, ct) =>
            Show(s, await s.Production.RecordOutcomeAsync(p.GetValue(number), p.GetValue(sku)!, p.GetValue(successful), p.GetValue(failed), ct), null));

        var quality = new Option<int?>("--quality") { Description = "Quality, 1 to 5 stars." };
        var complete = new Command("complete", "Complete a run (every spool weighed after, every outcome recorded).") { number, quality, notes };
        Cli.Run(complete, async (p, s, ct) =>
        {
            var stars = p.GetValue(quality) is { } q ? new QualityRating(q) : (QualityRating?)null;
            var run = await s.Production.CompleteAsync(p.GetValue(number), stars, p.GetValue(notes), ct);
            var report = await s.Production.GetReportAsync(run.Number, ct);
            s.Emit(Shapes.Run(run), c => c.Write(new Text(Reporting.ReportRenderer.RenderResult(report))));
        });

        var fail = new Command("fail", "Fail a whole plate (every spool weighed after).") { number, notes };
        Cli.Run(fail, async (p, s, ct) => Show(s, await s.Production.FailAsync(p.GetValue(number), p.GetValue(notes), ct), "Failed"));

        var cancel = new Command("cancel", "Cancel a run.") { number, notes };
        Cli.Run(cancel, async (p, s, ct) => Show(s, await s.Production.CancelAsync(p.GetValue(number), p.GetValue(notes), ct), "Cancelled"));

        var onPrinter = new Option<string?>("--printer") { Description = "Print the reprint on another printer." };
        var reprint = new Command("reprint", "Create a draft run with the failed units of a run not reprinted yet.") { number, onPrinter };
        Cli.Run(reprint, async (p, s, ct) => Show(s, await s.Production.ReprintAsync(p.GetValue(number), p.GetValue(onPrinter), ct), "Created"));

        var show = new Command("show", "Show a run.") { number };
        Cli.Read(show, async (p, s, ct) => Show(s, await s.Production.GetRunAsync(p.GetValue(number), ct), null));

        var status = new Option<RunStatus?>("--status") { Description = "Only runs in this status: Draft, InProgress, Completed, Failed, Cancelled." };
        var list = new Command("list", "List runs.") { status };
        Cli.Read(list, async (p, s, ct) =>
        {
            var runs = await s.Production.ListRunsAsync(new RunQuery(Status: p.GetValue(status)), ct);
            s.Emit(runs.Select(Shapes.Run).ToList(), c =>
            {
                var table = new Table().AddColumns("Run", "Status", "Printer", "Products", "Estimated", "Actual", "Variance");
                foreach (var r in runs)
                {
                    table.AddRow(
                        "#" + r.Number.ToString(CultureInfo.InvariantCulture), StatusText(r.Status), Markup.Escape(r.PrinterName),
                        Markup.Escape(string.Join(", ", r.Items.Select(i => $"{i.Quantity} x {i.Sku}"))), r.EstimatedTotal.ToReportString(),
                        r.ActualTotal?.ToReportString() ?? "-", r.Variance is { } v ? $"{v.ToReportString(showPlus: true)} / {Percent.Format(r.VariancePercent)}" : "-");
                }

                c.Write(table);
            });
        });

        return new Command("run", "Production runs: set up, weigh, print, record, complete.")
        {
            create, addProduct, assign, WeighCommands.Create(number, spool), start, waste, outcome, complete, fail, cancel, reprint, show, list,
        };
    }

    /// <summary>Shows a run (or its JSON).</summary>
    public static void Show(Session s, ProductionRun run, string? verb) => s.Emit(Shapes.Run(run), c =>
    {
        var title = $"Run #{run.Number} - {StatusText(run.Status)} on {run.PrinterName}";
        c.MarkupLineInterpolated($"{(verb is null ? "" : verb + " ")}[bold]{title}[/]");
        if (run.Items.Count > 0)
        {
            var items = new Table().AddColumns("Product", "Quantity", "Estimated", "Outcome");
            foreach (var i in run.Items)
            {
                items.AddRow(Markup.Escape($"{i.Name} ({i.Sku})"), i.Quantity.ToString(CultureInfo.InvariantCulture), i.EstimatedGrams.ToReportString(), Markup.Escape(i.OutcomeText()));
            }

            c.Write(items);
        }

        if (run.Materials.Count > 0)
        {
            var spools = new Table().AddColumns("Spool", "Material", "Estimated", "Before", "After", "Used");
            foreach (var m in run.Materials)
            {
                spools.AddRow(Markup.Escape(m.SpoolCode), Markup.Escape(m.Material.ToString()), m.EstimatedTotal.ToReportString(), m.WeightBefore?.ToReportString() ?? "-", m.WeightAfter?.ToReportString() ?? "-", m.Actual?.ToReportString() ?? "-");
            }

            c.Write(spools);
        }

        c.WriteLine($"Estimated {run.EstimatedTotal.ToReportString()}" + (run.ActualTotal is { } a ? $", actual {a.ToReportString()} ({run.Variance?.ToReportString(showPlus: true)} / {Percent.Format(run.VariancePercent)})" : string.Empty)
            + (Unassigned(run) is { Length: > 0 } missing ? $" on the spools assigned; no spool yet for {missing} (assign one with run assign-spool {run.Number} CODE)" : string.Empty));
    });

    /// <summary>The run's status as Core's report shows it.</summary>
    public static string StatusText(RunStatus status) => status == RunStatus.InProgress ? "In Progress" : status.ToString();

    /// <summary>The materials the run's products need that no assigned spool supplies, with the grams their BOMs give, e.g. <c>PLA White (50g)</c>.</summary>
    private static string Unassigned(ProductionRun run)
    {
        var assigned = run.Materials.Select(m => m.Material.Spec).ToHashSet();
        return string.Join(", ", run.Items
            .SelectMany(i => i.Bom.Select(l => (l.Material, Grams: l.GramsPerUnit * i.Quantity)))
            .Where(x => !assigned.Contains(x.Material))
            .GroupBy(x => x.Material)
            .Select(g => $"{g.Key} ({g.Aggregate(Mass.Zero, (sum, x) => sum + x.Grams).ToReportString()})"));
    }
}
