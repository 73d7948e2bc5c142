using System.CommandLine;
using System.Globalization;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`report`, `stats` and `calibrate`.</summary>
internal static class ReportCommands
{
    public static Command Report()
    {
        var number = new Argument<int>("run") { Description = "The run number." };
        var command = new Command("report", "The run result block and variance report of a run (the same text every Batchivo host shows).") { number };
        Cli.Read(command, async (p, s, ct) =>
        {
            var report = await s.Production.Analytics.GetReportAsync(p.GetValue(number), ct);
            s.Emit(Shapes.Report(report), c =>
            {
                c.Write(new Text(ReportRenderer.RenderResult(report)));
                c.WriteLine();
                c.Write(new Text(ReportRenderer.RenderVariance(report)));
                if (report.MaterialTable.Count > 1)
                {
                    c.WriteLine();
                    c.Write(new Text(ReportRenderer.RenderMaterialTable(report)));
                }
            });
        });
        return command;
    }

    public static Command Stats()
    {
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the period (inclusive), ISO 8601: 2026-11-01 or 2026-11-01T08:00 (UTC unless an offset such as +01:00 is given)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of the period (exclusive), ISO 8601, e.g. 2026-12-01." };
        var printer = new Option<string?>("--printer") { Description = "Only this printer's runs." };
        var product = new Option<string?>("--product") { Description = "Only runs with this product (SKU); unit figures count its units only." };
        var top = new Option<int>("--top") { Description = "How many products and printers to list.", DefaultValueFactory = _ => 5 };
        var command = new Command("stats", "Production statistics for a period, per printer or product.") { from, to, printer, product, top };
        Cli.Read(command, async (p, s, ct) =>
        {
            var printerId = p.GetValue(printer) is { } name ? (await s.Production.Catalog.GetPrinterAsync(name, ct)).Id : (PrinterId?)null;
            var productId = p.GetValue(product) is { } sku ? (await s.Production.Catalog.GetProductAsync(sku, ct)).Id : (ProductId?)null;
            var query = new StatisticsQuery(p.GetValue(from), p.GetValue(to), printerId, productId, p.GetValue(top));
            var stats = await s.Production.Analytics.GetStatisticsAsync(query, ct);
            s.Emit(Shapes.Stats(stats, p.GetValue(printer), p.GetValue(product)), c => ShowStats(c, stats, p.GetValue(printer), p.GetValue(product)));
        });
        return command;
    }

    private static void ShowStats(IAnsiConsole c, ProductionStatistics s, string? printer, string? product)
    {
        var period = $"{(s.Query.From is { } f ? f.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "the beginning")} to {(s.Query.To is { } t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "now")}";
        var scope = (printer, product) switch
        {
            (null, null) => "all printers and products",
            ({ } pr, null) => "printer " + pr,
            (null, { } pd) => "product " + pd,
            ({ } pr, { } pd) => $"printer {pr}, product {pd}",
        };
        // A heading as wide as its text (a Rule would fill the whole width, which is unbounded in a pipe).
        var heading = $"Production statistics: {period}, {scope}";
        c.Write(new Text($"{heading}\n{new string('─', heading.Length)}\n"));
        var runs = s.RunsByStatus;
        var table = new Table().AddColumns("Figure", "Value");
        table.AddRow("Runs", $"{runs.Total} (completed {runs.Completed}, failed {runs.Failed}, cancelled {runs.Cancelled}, in progress {runs.InProgress}, draft {runs.Draft})");
        table.AddRow("Units successful / failed", $"{s.UnitsSuccessful} / {s.UnitsFailed}");
        table.AddRow("Unit success rate", Share(s.UnitSuccessRate));
        table.AddRow("Runs without failures", $"{s.RunsWithoutFailures}/{s.RunsFinished} ({Share(s.RunSuccessRate)})");
        table.AddRow("Average variance per run", Percent.Format(s.AverageVariancePercent));
        table.AddRow("Total variance", $"{s.TotalVariance.ToReportString(showPlus: true)} on {s.TotalEstimated.ToReportString()} ({Percent.Format(s.TotalVariancePercent)})");
        table.AddRow("Material used", s.MaterialUsed.ToReportString());
        table.AddRow("Waste", $"{s.Waste.ToReportString()} ({Share(s.WasteShare)}: purge/tower {s.PurgeWaste.ToReportString()}, failed units {s.FailedUnitsWaste.ToReportString()})");
        table.AddRow("Reprint rate", $"{Share(s.ReprintRate)} ({s.ReprintedUnits}/{s.UnitsPrinted} units)");
        table.AddRow("Average quality", s.AverageQuality is { } q ? $"{q.ToString("0.0", CultureInfo.InvariantCulture)}/5 ({Reporting.ReportRenderer.Count(s.RatedRuns, "rated run")})" : "n/a");
        c.Write(table);
        if (s.TopProducts.Count > 0)
        {
            var products = new Table().AddColumns("Product", "SKU", "Successful", "Failed", "Runs");
            foreach (var x in s.TopProducts)
            {
                products.AddRow(Markup.Escape(x.Name), Markup.Escape(x.Sku), N(x.SuccessfulUnits), N(x.FailedUnits), N(x.Runs));
            }

            c.Write(products);
        }

        if (s.BusiestPrinters.Count > 0)
        {
            var printers = new Table().AddColumns("Printer", "Runs", "Print hours");
            foreach (var x in s.BusiestPrinters)
            {
                printers.AddRow(Markup.Escape(x.Name), N(x.Runs), x.PrintHours.ToString("0.0", CultureInfo.InvariantCulture));
            }

            c.Write(printers);
        }
    }

    public static Command Calibrate()
    {
        var apply = new Option<string?>("--apply") { Description = "Apply the suggestion with this ID (SKU:Material, as listed) to the product's BOM." };
        var minRuns = new Option<int>("--min-runs") { Description = "Completed runs needed behind a suggestion.", DefaultValueFactory = _ => 3 };
        var command = new Command("calibrate", "BOM calibration: suggested grams per unit from completed runs; apply one with --apply ID.") { apply, minRuns };
        Cli.Run(command, p => p.GetValue(apply) is not null, async (p, s, ct) =>
        {
            var options = new CalibrationOptions { MinRuns = p.GetValue(minRuns) };
            options.Validate();
            var suggestions = await s.Production.Analytics.GetCalibrationSuggestionsAsync(options, ct);
            CalibrationSuggestion? applied = null;
            Catalog.Product? product = null;
            if (p.GetValue(apply) is { } id)
            {
                applied = suggestions.FirstOrDefault(x => string.Equals(Shapes.SuggestionId(x), id.Trim(), StringComparison.OrdinalIgnoreCase))
                    ?? throw new InputException($"There is no calibration suggestion '{id}'. {(suggestions.Count == 0 ? "There are none now" : "Current ones: " + string.Join(", ", suggestions.Select(Shapes.SuggestionId)))}; run 'calibrate' to list them.");
                product = await s.Production.Analytics.ApplyCalibrationAsync(applied, ct);
            }

            s.Emit(new CalibrateJson([.. suggestions.Select(Shapes.Suggestion)], applied is null ? null : Shapes.Suggestion(applied), product is null ? null : Shapes.Product(product)), c =>
            {
                if (applied is not null)
                {
                    c.MarkupLineInterpolated($"Applied [bold]{Shapes.SuggestionId(applied)}[/]: {applied.Material} of {applied.Sku} is now {applied.SuggestedGramsPerUnit.ToReportString()} per unit (was {applied.CurrentGramsPerUnit.ToReportString()}).");
                    return;
                }

                if (suggestions.Count == 0)
                {
                    c.WriteLine($"No suggestions: no product has {options.MinRuns} or more completed runs without failures that agree on a figure differing from its BOM.");
                    return;
                }

                var table = new Table().AddColumns("ID", "Product", "BOM now", "Suggested", "Change", "Runs", "Range");
                foreach (var x in suggestions)
                {
                    table.AddRow(Markup.Escape(Shapes.SuggestionId(x)), Markup.Escape(x.Name), x.CurrentGramsPerUnit.ToReportString(), x.SuggestedGramsPerUnit.ToReportString(), Percent.Format(x.ChangePercent), N(x.Runs), $"{x.MinGramsPerUnit.ToReportString()}..{x.MaxGramsPerUnit.ToReportString()}");
                }

                c.Write(table);
                c.WriteLine("Apply one with: calibrate --apply ID");
            });
        });
        return command;
    }

    private static string Share(decimal? ratio) => ratio is { } r ? Percent.Format(r * 100m, showPlus: false) : "n/a";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
