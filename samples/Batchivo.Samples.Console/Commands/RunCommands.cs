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
            Show(s, await s.Production.Runs.CreateRunAsync(p.GetValue(printer)!, Args.Hours(p.GetValue(hours), "--hours"), p.GetValue(notes), ct), "Created"));

        var quantity = new Option<int>("--quantity", "-q") { Description = "Units on the plate.", Required = true };
        var bed = new Option<string?>("--bed") { Description = "Bed position, optional." };
        var addProduct = new Command("add-product", "Put a product on a draft run's plate.") { number, sku, quantity, bed };
        Cli.Run(addProduct, async (p, s, ct) =>
            Show(s, await s.Production.Runs.AddProductToRunAsync(p.GetValue(number), p.GetValue(sku)!, p.GetValue(quantity), p.GetValue(bed), ct), null));

        var purge = new Option<decimal?>("--purge") { Description = "Estimated purge grams from this spool." };
        var tower = new Option<decimal?>("--tower") { Description = "Estimated prime-tower grams from this spool." };
        var assign = new Command("assign-spool", "Assign a spool to a draft run.") { number, spool, purge, tower };
        Cli.Run(assign, async (p, s, ct) =>
            Show(s, await s.Production.Runs.AssignSpoolAsync(p.GetValue(number), p.GetValue(spool)!, Args.Grams(p.GetValue(purge)), Args.Grams(p.GetValue(tower)), ct), null));

        var file = new Argument<string>("file") { Description = "The slicer's file: G-code, binary G-code (.bgcode) or a sliced 3MF." };
        var plate = new Option<int?>("--plate") { Description = "The plate of a 3MF with several, from 1 (the first by default)." };
        var map = new Option<string[]>("--map") { Description = "FILAMENT=SPOOL for a filament that material and colour do not settle, e.g. --map 1=PLA-001; repeat for each." };
        var estimate = new Command("estimate", "Replace a draft run's BOM estimates with what a slicer file says (filaments go to the run's spools by material and colour, or --map).") { number, file, plate, map };
        Cli.Run(estimate, async (p, s, ct) =>
        {
            var job = await SlicerFiles.ReadAsync(s, p.GetValue(file)!, p.GetValue(plate), ct);
            var mapping = SlicerFiles.Pairs(p.GetValue(map), "--map", "1=PLA-001", code => code);
            var run = await s.Production.Runs.ApplySlicedJobAsync(p.GetValue(number), job, p.GetValue(file)!, mapping, ct);
            if (!s.Json)
            {
                s.Console.MarkupLineInterpolated($"Read {SlicerFiles.Describe(job)}");
            }

            Show(s, run, "Estimated from " + run.EstimateSourceName);
        });

        var start = new Command("start", "Start printing (checks weights before; warns when a spool may run out).") { number };
        Cli.Run(start, async (p, s, ct) =>
        {
            var result = await s.Production.Runs.StartAsync(p.GetValue(number), ct);
            s.Emit(new StartJson(Shapes.Run(result.Run, ReprintOf(s, result.Run)), [.. result.Warnings.Select(w => w.Message)]), c =>
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
            Show(s, await s.Production.Runs.RecordMeasuredWasteAsync(p.GetValue(number), p.GetValue(spool)!, Args.Grams(p.GetValue(supports)), Args.Grams(p.GetValue(mPurge)), Args.Grams(p.GetValue(mTower)), ct), null));

        var successful = new Option<int>("--successful") { Description = "Successful units.", Required = true };
        var failed = new Option<int>("--failed") { Description = "Failed units.", DefaultValueFactory = _ => 0 };
        var outcome = new Command("outcome", "Record a product's successful and failed units.") { number, sku, successful, failed };
        Cli.Run(outcome, async (p, s, ct) =>
            Show(s, await Retry.OnConflictAsync(t => s.Production.Runs.RecordOutcomeAsync(p.GetValue(number), p.GetValue(sku)!, p.GetValue(successful), p.GetValue(failed), t), ct), null));

        var quality = new Option<int?>("--quality") { Description = "Quality, 1 to 5 stars." };
        var complete = new Command("complete", "Complete a run (every spool weighed after, every outcome recorded).") { number, quality, notes };
        Cli.Run(complete, async (p, s, ct) =>
        {
            var stars = p.GetValue(quality) is { } q ? new QualityRating(q) : (QualityRating?)null;
            var run = await s.Production.Runs.CompleteAsync(p.GetValue(number), stars, p.GetValue(notes), ct);
            var report = await s.Production.Analytics.GetReportAsync(run.Number, ct);
            s.Emit(Shapes.Run(run, report.ReprintOf), c => c.Write(new Text(Reporting.ReportRenderer.RenderResult(report))));
        });

        var fail = new Command("fail", "Fail a whole plate (every spool weighed after).") { number, notes };
        Cli.Run(fail, async (p, s, ct) => Show(s, await s.Production.Runs.FailAsync(p.GetValue(number), p.GetValue(notes), ct), "Failed"));

        var cancel = new Command("cancel", "Cancel a run.") { number, notes };
        Cli.Run(cancel, async (p, s, ct) => Show(s, await s.Production.Runs.CancelAsync(p.GetValue(number), p.GetValue(notes), ct), "Cancelled"));

        var onPrinter = new Option<string?>("--printer") { Description = "Print the reprint on another printer." };
        var reprint = new Command("reprint", "Create a draft run with the failed units of a run not reprinted yet.") { number, onPrinter };
        Cli.Run(reprint, async (p, s, ct) => Show(s, await s.Production.Runs.ReprintAsync(p.GetValue(number), p.GetValue(onPrinter), ct), "Created"));

        var show = new Command("show", "Show a run.") { number };
        Cli.Read(show, async (p, s, ct) => Show(s, await s.Production.Runs.GetRunAsync(p.GetValue(number), ct), null));

        var status = new Option<RunStatus?>("--status") { Description = "Only runs in this status: draft, in-progress, completed, failed or cancelled (as the JSON spells them).", CustomParser = ParseStatus };
        var list = new Command("list", "List runs.") { status };
        Cli.Read(list, async (p, s, ct) =>
        {
            var runs = await s.Production.Runs.ListRunsAsync(new RunQuery(Status: p.GetValue(status)), ct);
            var originals = new Dictionary<ProductionRun, int?>();
            foreach (var r in runs.Where(r => r.OriginalRunId is not null))
            {
                originals[r] = await s.Production.Analytics.FindOriginalRunNumberAsync(r, ct);
            }

            s.Emit(runs.Select(r => Shapes.Run(r, originals.GetValueOrDefault(r))).ToList(), c =>
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
            create, addProduct, assign, estimate, WeighCommands.Create(number, spool), start, waste, outcome, complete, fail, cancel, reprint, show, list,
        }.With(RunEditCommands.Create(number, sku, spool));
    }

    /// <summary>Shows a run (or its JSON); <paramref name="verb"/> says what just happened, e.g. Created or Failed.</summary>
    public static void Show(Session s, ProductionRun run, string? verb)
    {
        var reprintOf = ReprintOf(s, run);
        s.Emit(Shapes.Run(run, reprintOf), c => Human(c, run, verb, reprintOf));
    }

    /// <summary>For a reprint, the original run's number (the link is a field of the run, kept whatever its notes say).</summary>
    private static int? ReprintOf(Session s, ProductionRun run) =>
        run.OriginalRunId is null ? null : s.Production.Analytics.FindOriginalRunNumberAsync(run).GetAwaiter().GetResult();

    private static void Human(IAnsiConsole c, ProductionRun run, string? verb, int? reprintOf)
    {
        // "Run #8 - Failed on P1S-1"; after an action "Run #8 on P1S-1 - Failed", with the status only when the verb does not say it.
        var status = StatusText(run.Status);
        var title = verb is null
            ? $"Run #{run.Number} - {status} on {run.PrinterName}"
            : $"Run #{run.Number} on {run.PrinterName} - {verb}{(string.Equals(verb, status, StringComparison.Ordinal) ? string.Empty : $" ({status})")}";
        c.MarkupLineInterpolated($"[bold]{title}[/]");
        if (reprintOf is { } original)
        {
            c.MarkupLineInterpolated($"Reprint of run #{original}");
        }

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

        if (run.Materials.Any(m => m.ActualSupports is not null || m.ActualPurge is not null || m.ActualTower is not null))
        {
            var waste = new Table().AddColumns("Spool", "Supports", "Purge", "Tower").Title("Measured waste");
            foreach (var m in run.Materials)
            {
                waste.AddRow(Markup.Escape(m.SpoolCode), m.ActualSupports?.ToReportString() ?? "-", m.ActualPurge?.ToReportString() ?? "-", m.ActualTower?.ToReportString() ?? "-");
            }

            c.Write(waste);
        }

        c.WriteLine($"Estimated {run.EstimatedTotal.ToReportString()}" + (run.ActualTotal is { } a ? $", actual {a.ToReportString()} ({run.Variance?.ToReportString(showPlus: true)} / {Percent.Format(run.VariancePercent)})" : string.Empty)
            + (Unassigned(run) is { Length: > 0 } missing ? $" on the spools assigned; no spool yet for {missing} (assign one with run assign-spool {run.Number} CODE)" : string.Empty));
        if (run.Notes is { } text)
        {
            c.WriteLine($"Notes: {text}");
        }
    }

    /// <summary>Adds commands to a command.</summary>
    private static Command With(this Command command, IEnumerable<Command> subcommands)
    {
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    /// <summary>A status as the JSON spells it (in-progress), or as the enum does (InProgress), in any case.</summary>
    private static RunStatus? ParseStatus(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        var name = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (name.Length > 0 && name.All(char.IsAsciiLetter) && Enum.TryParse<RunStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status))
        {
            return status;
        }

        result.AddError($"--status '{text}' is not a run status. Give one of draft, in-progress, completed, failed, cancelled, e.g. --status in-progress.");
        return null;
    }

    /// <summary>The run's status as Core's report shows it.</summary>
    public static string StatusText(RunStatus status) => Reporting.ReportRenderer.StatusWords(status);

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
