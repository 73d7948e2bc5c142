using System.CommandLine;
using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Production;
using Batchivo.Reporting;
using Batchivo.Statistics;
using Batchivo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>
/// `demo`: the example of the production-runs page, from an empty catalog to the completed report and statistics,
/// driven through <see cref="ProductionService"/>.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the production-runs example end to end: catalog, run, weighing, completion, report and statistics (in a throwaway database unless --db is given).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A database of its own, deleted afterwards, unless the user asks to keep the demo's data.
            var keep = parse.GetValue(Cli.Db);
            var path = keep ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"batchivo-demo-{Guid.NewGuid():N}.db");
            try
            {
                return await RunAsync(AnsiConsole.Console, keep, keep is null ? path : null, cancellationToken);
            }
            catch (Exception ex)
            {
                return Cli.Fail(ex);
            }
            finally
            {
                if (keep is null)
                {
                    foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
                    {
                        try
                        {
                            File.Delete(file);
                        }
                        catch (IOException)
                        {
                            // Still open (Windows): the temp folder is cleaned by the system.
                        }
                    }
                }
            }
        });
        return command;
    }

    /// <param name="console">Where the output goes.</param>
    /// <param name="database">The <c>--db</c> option: the configured store, in this file.</param>
    /// <param name="throwaway">Else: an embedded SQLite file of the demo's own.</param>
    /// <param name="cancellationToken">Cancels the demo.</param>
    public static async Task<int> RunAsync(IAnsiConsole console, string? database, string? throwaway, CancellationToken cancellationToken)
    {
        // The demo runs through the plugin host on a clock it moves by hand.
        var clock = new DemoClock(TimeSpan.FromDays(-1));
        await using var host = Host.Build(database, builder => builder.Services.AddSingleton<TimeProvider>(clock), throwaway);
        var service = host.GetRequiredService<ProductionService>();
        var devices = host.GetRequiredService<BatchivoDevices>();
        var black = new MaterialSpec("PLA", "Black");
        var white = new MaterialSpec("PLA", "White");

        Step(console, "Catalog");
        var printer = await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S", materialSlots: 4, cancellationToken);
        await service.Catalog.SetBrandTareAsync(new BrandTare("Bambu Lab", "plastic", Mass.FromGrams(250)), cancellationToken);
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(black, "Bambu Lab", "#000000"), Mass.FromGrams(1000), new Money(25.00m, "USD"), SpoolType: "plastic"), cancellationToken);
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-002", new Material(white, "Bambu Lab", "#FFFFFF"), Mass.FromGrams(1000), new Money(20.00m, "USD"), SpoolType: "plastic"), cancellationToken);
        await service.Catalog.AddProductAsync("STAND", "Phone Stand", [new BomLine(black, Mass.FromGrams(45), Mass.FromGrams(5))], cancellationToken: cancellationToken);
        await service.Catalog.AddProductAsync("CLIP", "Cable Clip", [new BomLine(white, Mass.FromGrams(5))], cancellationToken: cancellationToken);
        await service.Catalog.AddProductAsync("COASTER", "Logo Coaster", [new BomLine(black, Mass.FromGrams(45)), new BomLine(white, Mass.FromGrams(12))], cancellationToken: cancellationToken);
        console.MarkupLineInterpolated($"  printer {printer.Name} ({printer.Model}), spools PLA-001 (PLA Black, $25.00) and PLA-002 (PLA White, $20.00), products STAND, CLIP, COASTER");

        Step(console, "Setup: create the run, add products, assign spools, weigh before");
        var run = await service.Runs.CreateRunAsync(printer.Name, TimeSpan.FromHours(4.5), cancellationToken: cancellationToken);
        await service.Runs.AddProductToRunAsync(run.Number, "STAND", 3, cancellationToken: cancellationToken);
        await service.Runs.AddProductToRunAsync(run.Number, "CLIP", 10, cancellationToken: cancellationToken);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001", cancellationToken: cancellationToken);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-002", cancellationToken: cancellationToken);
        await WeighBeforeAsync(console, service, devices, run.Number, "PLA-001", Mass.FromGrams(850), cancellationToken);
        run = await service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-002", Mass.FromGrams(420), cancellationToken);
        ShowPlan(console, run);

        Step(console, "Print: start, weigh after, count and rate");
        var started = await service.Runs.StartAsync(run.Number, cancellationToken);
        foreach (var warning in started.Warnings)
        {
            console.MarkupLineInterpolated($"  [yellow]warning:[/] {warning.Message}");
        }

        clock.Advance(TimeSpan.FromMinutes(282));
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-001", Mass.FromGrams(711), cancellationToken);
        await service.Weighing.RecordWeightAfterAsync(run.Number, "PLA-002", Mass.FromGrams(367), cancellationToken);
        await service.Runs.RecordMeasuredWasteAsync(run.Number, "PLA-001", supports: Mass.FromGrams(18), purge: Mass.FromGrams(3), tower: null, cancellationToken);
        await service.Runs.RecordMeasuredWasteAsync(run.Number, "PLA-002", supports: null, purge: Mass.FromGrams(2), tower: null, cancellationToken);
        await service.Runs.RecordOutcomeAsync(run.Number, "STAND", successful: 3, failed: 0, cancellationToken);
        await service.Runs.RecordOutcomeAsync(run.Number, "CLIP", successful: 9, failed: 1, cancellationToken);
        await service.Runs.CompleteAsync(run.Number, new QualityRating(4), "Minor stringing on cable clips", cancellationToken);
        console.WriteLine("  PLA-001 850 g -> 711 g, PLA-002 420 g -> 367 g; 3/3 stands, 9/10 clips; 4 stars");

        var report = await service.Analytics.GetReportAsync(run.Number, cancellationToken);
        Block(console, ReportRenderer.RenderResult(report));
        Block(console, ReportRenderer.RenderVariance(report));

        Step(console, "Reprint the failed clip");
        var reprint = await service.Runs.ReprintAsync(run.Number, cancellationToken: cancellationToken);
        console.MarkupLineInterpolated($"  run #{reprint.Number} (draft) reprints {string.Join(", ", reprint.Items.Select(i => $"{i.Quantity} x {i.Name}"))} of run #{run.Number}");

        Step(console, "Multi-colour print: one Logo Coaster in black and white");
        clock.Advance(TimeSpan.FromMinutes(10));
        var coaster = await service.Runs.CreateRunAsync(printer.Name, cancellationToken: cancellationToken);
        await service.Runs.AddProductToRunAsync(coaster.Number, "COASTER", 1, cancellationToken: cancellationToken);
        await service.Runs.AssignSpoolAsync(coaster.Number, "PLA-001", estimatedPurge: Mass.FromGrams(8), cancellationToken: cancellationToken);
        await service.Runs.AssignSpoolAsync(coaster.Number, "PLA-002", estimatedPurge: Mass.FromGrams(5), cancellationToken: cancellationToken);
        await service.Weighing.RecordWeightBeforeAsync(coaster.Number, "PLA-001", Mass.FromGrams(711), cancellationToken);
        await service.Weighing.RecordWeightBeforeAsync(coaster.Number, "PLA-002", Mass.FromGrams(367), cancellationToken);
        await service.Runs.StartAsync(coaster.Number, cancellationToken);
        clock.Advance(TimeSpan.FromMinutes(95));
        await service.Weighing.RecordWeightAfterAsync(coaster.Number, "PLA-001", Mass.FromGrams(658), cancellationToken);
        await service.Weighing.RecordWeightAfterAsync(coaster.Number, "PLA-002", Mass.FromGrams(350), cancellationToken);
        await service.Runs.RecordOutcomeAsync(coaster.Number, "COASTER", 1, 0, cancellationToken);
        await service.Runs.CompleteAsync(coaster.Number, new QualityRating(5), cancellationToken: cancellationToken);
        Block(console, ReportRenderer.RenderMaterialTable(await service.Analytics.GetReportAsync(coaster.Number, cancellationToken)));

        Step(console, "Spools");
        var tares = await service.Catalog.GetBrandTaresAsync(cancellationToken);
        foreach (var code in new[] { "PLA-001", "PLA-002" })
        {
            var spool = await service.Catalog.GetSpoolAsync(code, cancellationToken);
            console.WriteLine($"  {spool.Code} {spool.Material}: {spool.GrossWeight} gross, {spool.Remaining(tares)} left, {spool.UsedSinceFirstWeighing} used; history: {string.Join("; ", spool.Ledger.Select(e => $"{e.Description} {e.Delta.ToReportString(showPlus: true)}"))}");
        }

        var statistics = await service.Analytics.GetStatisticsAsync(new StatisticsQuery(), cancellationToken);
        Block(console, ReportRenderer.RenderStatistics(statistics));
        return 0;
    }

    /// <summary>
    /// Weighs a spool before the run on the configured scale "bench" (the simulated scale by default) through the service,
    /// which checks the run and spool, reads until a reading is stable and records it; or records the typed weight
    /// without a scale.
    /// </summary>
    private static async Task WeighBeforeAsync(IAnsiConsole console, ProductionService service, BatchivoDevices devices, int run, string spool, Mass typed, CancellationToken cancellationToken)
    {
        if (!devices.ScaleNames.Contains("bench", StringComparer.OrdinalIgnoreCase))
        {
            await service.Weighing.RecordWeightBeforeAsync(run, spool, typed, cancellationToken);
            console.MarkupLineInterpolated($"  {spool}: {typed} (typed; no scale 'bench' is configured)");
            return;
        }

        var readings = new Readings();
        await service.Weighing.WeighAsync(run, spool, WeighingPoint.Before, ScaleSource.Named("bench", TimeSpan.FromSeconds(10), readings), cancellationToken);
        console.MarkupLineInterpolated($"  {spool} on scale bench: {readings.Stable!.Mass} (stable)");
    }

    /// <summary>The readings of a weighing as they come, keeping the stable one that was recorded.</summary>
    private sealed class Readings : IProgress<ScaleReading>
    {
        public ScaleReading? Stable { get; private set; }

        public void Report(ScaleReading value) => Stable = value.IsStable ? value : Stable;
    }

    private static void ShowPlan(IAnsiConsole console, ProductionRun run)
    {
        var table = new Table().AddColumns("Product", "Quantity", "Est. Material");
        foreach (var item in run.Items)
        {
            table.AddRow(item.Name, item.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{(item.EstimatedGrams * (1m / item.Quantity)).ToReportString()} each");
        }

        table.AddRow("[bold]Total[/]", $"{run.UnitCount} items", run.EstimatedTotal.ToReportString());
        console.Write(table);
        var spools = new Table().AddColumns("Spool", "Material", "Weight Before");
        foreach (var m in run.Materials)
        {
            spools.AddRow(m.SpoolCode, m.Material.ToString(), m.WeightBefore?.ToReportString() ?? "-");
        }

        console.Write(spools);
    }

    private static void Step(IAnsiConsole console, string title) => console.MarkupLineInterpolated($"\n[bold]== {title}[/]");

    private static void Block(IAnsiConsole console, string text)
    {
        console.WriteLine();
        console.Write(new Text(text));
    }
}
