using Batchivo.Catalog;
using Batchivo.Core.Tests.Support;
using Batchivo.Production;

namespace Batchivo.Core.Tests.Production;

/// <summary>
/// A printer prints one plate at a time; the pre-flight check warns when a spool's tare is unknown, and a weighing
/// below the tare is a warning (the tare or the weighing is wrong).
/// </summary>
public sealed class PrinterAndTareRuleTests
{
    [Fact]
    public async Task A_second_run_cannot_start_on_a_printer_while_another_is_in_progress_and_can_once_it_ends()
    {
        var seed = await TwoDraftsAsync();
        await seed.Service.Runs.StartAsync(1);
        var commits = seed.Store.CommitCount;

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => seed.Service.Runs.StartAsync(2));

        Assert.Equal(DomainRule.PrinterBusy, error.Rule);
        Assert.Contains("Printer P1S-1 is printing run #1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Complete, fail or cancel run #1 first", error.Message, StringComparison.Ordinal);
        Assert.Equal(commits, seed.Store.CommitCount);
        Assert.Equal(RunStatus.Draft, (await seed.Service.Runs.GetRunAsync(2)).Status);

        await seed.Service.Runs.CancelAsync(1);
        var started = await seed.Service.Runs.StartAsync(2);
        Assert.Equal(RunStatus.InProgress, started.Run.Status);
    }

    [Fact]
    public async Task Runs_on_different_printers_start_side_by_side()
    {
        var seed = await TwoDraftsAsync(secondPrinter: "P1S-2");

        await seed.Service.Runs.StartAsync(1);
        var second = await seed.Service.Runs.StartAsync(2);

        Assert.Equal(RunStatus.InProgress, second.Run.Status);
    }

    [Fact]
    public async Task Two_starts_on_one_printer_from_stale_reads_cannot_both_be_stored()
    {
        var seed = await TwoDraftsAsync();
        var printer = await seed.Store.FindPrinterAsync((await seed.Service.Runs.GetRunAsync(1)).PrinterId);

        await seed.Service.Runs.StartAsync(1);
        // A second writer that read the printer before the first start committed.
        var stale = new Batchivo.Storage.ChangeSet().Put(printer!);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => seed.Store.CommitAsync(stale));
    }

    [Fact]
    public async Task The_preflight_check_warns_when_a_spools_tare_is_unknown()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        await seed.Service.Catalog.AddSpoolAsync(new NewSpool("PLA-010", new Material(SeedExample.Black, "NoName"), Mass.FromGrams(1000), new Money(20m, "USD")));
        var run = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(run.Number, "STAND", 3);
        await seed.Service.Runs.AssignSpoolAsync(run.Number, "PLA-010");
        await seed.Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-010", Mass.FromGrams(900));

        var warning = Assert.Single(await seed.Service.Runs.PreflightAsync(run.Number));

        Assert.Equal(PreflightWarningKind.UnknownTare, warning.Kind);
        Assert.Equal("PLA-010", warning.SpoolCode);
        Assert.Contains("filament left on it cannot be known", warning.Message, StringComparison.Ordinal);

        await seed.Service.Catalog.SetBrandTareAsync(new BrandTare("NoName", null, Mass.FromGrams(200)));
        Assert.Empty(await seed.Service.Runs.PreflightAsync(run.Number));
    }

    [Fact]
    public async Task A_weight_after_below_the_spools_tare_is_a_warning()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        await seed.Service.Runs.StartAsync(number);

        await seed.Service.Weighing.RecordWeightAfterAsync(number, "PLA-001", Mass.FromGrams(240));
        var warning = Assert.Single(await seed.Service.Runs.PreflightAsync(number), w => w.SpoolCode == "PLA-001");

        Assert.Equal(PreflightWarningKind.BelowTare, warning.Kind);
        Assert.Equal("after", warning.When);
        Assert.Contains("weighs 240.0 g after, less than its empty-spool weight of 250.0 g: the tare or the weighing is wrong", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weight_before_below_the_spools_tare_is_a_warning_at_the_start()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var run = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(run.Number, "CLIP", 1);
        await seed.Service.Runs.AssignSpoolAsync(run.Number, "PLA-002");
        await seed.Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-002", Mass.FromGrams(249.5m));

        var started = await seed.Service.Runs.StartAsync(run.Number);

        Assert.Contains(started.Warnings, w => w.Kind == PreflightWarningKind.BelowTare && w.When == "before");
    }

    [Fact]
    public async Task The_low_filament_warning_of_a_start_does_not_tell_to_act_before_starting()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var run = await seed.Service.Runs.CreateRunAsync("P1S-1");
        await seed.Service.Runs.AddProductToRunAsync(run.Number, "STAND", 3);
        await seed.Service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await seed.Service.Weighing.RecordWeightBeforeAsync(run.Number, "PLA-001", Mass.FromGrams(300));

        var draftWarning = Assert.Single(await seed.Service.Runs.PreflightAsync(run.Number));
        var started = await seed.Service.Runs.StartAsync(run.Number);
        var warning = Assert.Single(started.Warnings);

        Assert.Contains("before starting", draftWarning.Message, StringComparison.Ordinal);
        Assert.True(warning.RunStarted);
        Assert.DoesNotContain("before starting", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("start anyway", warning.Message, StringComparison.Ordinal);
        Assert.Contains("50.0 g of filament left", warning.Message, StringComparison.Ordinal);
    }

    private static async Task<SeedExample> TwoDraftsAsync(string? secondPrinter = null)
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        if (secondPrinter is not null)
        {
            await seed.Service.Catalog.AddPrinterAsync(secondPrinter, "Bambu P1S", 4);
        }

        foreach (var (printer, spool, sku) in new[] { ("P1S-1", "PLA-001", "STAND"), (secondPrinter ?? "P1S-1", "PLA-002", "CLIP") })
        {
            var run = await seed.Service.Runs.CreateRunAsync(printer);
            await seed.Service.Runs.AddProductToRunAsync(run.Number, sku, 1);
            await seed.Service.Runs.AssignSpoolAsync(run.Number, spool);
            await seed.Service.Weighing.RecordWeightBeforeAsync(run.Number, spool, Mass.FromGrams(800));
        }

        return seed;
    }
}
