using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>A complete session typed at the terminal, one process per command, sharing one database file.</summary>
public sealed class WorkflowTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void A_complete_session_from_catalog_to_statistics()
    {
        Seed.Catalog(_host);
        var spools = _host.Run("catalog", "spool", "list").Ok();
        Assert.Contains("PLA-001", spools.Out, StringComparison.Ordinal);
        Assert.Contains("PLA-002", spools.Out, StringComparison.Ordinal);

        Seed.PrintedRun(_host);
        var completed = _host.Run("run", "complete", "1", "--quality", "4", "--notes", "Minor stringing on cable clips").Ok();
        Assert.Contains("Production Run #1 - Completed", completed.Out, StringComparison.Ordinal);

        var report = _host.Run("report", "1").Ok();
        Assert.Contains("Phone Stand: 3/3 successful", report.Out, StringComparison.Ordinal);
        Assert.Contains("Cable Clip: 9/10 successful (1 failed)", report.Out, StringComparison.Ordinal);
        Assert.Contains("Estimated: 185g", report.Out, StringComparison.Ordinal);
        Assert.Contains("Actual: 192g (+7g / +3.8%)", report.Out, StringComparison.Ordinal);
        Assert.Contains("Quality: ★★★★☆ (4/5)", report.Out, StringComparison.Ordinal);
        Assert.Contains("Notes: Minor stringing on cable clips", report.Out, StringComparison.Ordinal);
        Assert.Contains("Variance Report", report.Out, StringComparison.Ordinal);

        // The human report is exactly Core's renderer text, which --json also carries.
        var json = _host.Run("report", "1", "--json").Ok().Json;
        Assert.Contains(json.GetProperty("resultText").GetString()!.TrimEnd(), report.Out, StringComparison.Ordinal);
        Assert.Contains(json.GetProperty("varianceText").GetString()!.TrimEnd(), report.Out, StringComparison.Ordinal);
        Assert.Equal(185m, json.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(192m, json.GetProperty("actualGrams").GetDecimal());

        // The spools' weights follow the run.
        var spool = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Json;
        Assert.Equal(711m, spool.GetProperty("grossGrams").GetDecimal());
        Assert.Equal(461m, spool.GetProperty("remainingGrams").GetDecimal());
        Assert.False(spool.GetProperty("inUse").GetBoolean());

        var stats = _host.Run("stats", "--json").Ok().Json;
        Assert.Equal(1, stats.GetProperty("completed").GetInt32());
        Assert.Equal(12, stats.GetProperty("unitsSuccessful").GetInt32());
        Assert.Equal(1, stats.GetProperty("unitsFailed").GetInt32());
        Assert.Equal(192m, stats.GetProperty("materialUsedGrams").GetDecimal());
        var table = _host.Run("stats", "--printer", "P1S-1").Ok();
        Assert.Contains("Phone Stand", table.Out, StringComparison.Ordinal);
        Assert.Contains("printer P1S-1", table.Out, StringComparison.Ordinal);
        var perProduct = _host.Run("stats", "--product", "STAND", "--json").Ok().Json;
        Assert.Equal(3, perProduct.GetProperty("unitsSuccessful").GetInt32());
        Assert.Equal(0, perProduct.GetProperty("unitsFailed").GetInt32());

        // A period that ended before the run counts nothing.
        var before = _host.Run("stats", "--from", "2000-01-01", "--to", "2000-02-01", "--json").Ok().Json;
        Assert.Equal(0, before.GetProperty("runs").GetInt32());
    }

    [Fact]
    public void A_run_says_which_materials_still_need_a_spool()
    {
        Seed.Catalog(_host);
        _host.Run("run", "new", "--printer", "P1S-1").Ok();
        var planned = _host.Run("run", "add-product", "1", "STAND", "-q", "3").Ok();
        planned = _host.Run("run", "add-product", "1", "CLIP", "-q", "10").Ok();
        Assert.Contains("Estimated 0g on the spools assigned; no spool yet for PLA Black (135g), PLA White (50g) (assign one with run assign-spool 1 CODE)", Flat(planned.Out), StringComparison.Ordinal);

        var half = _host.Run("run", "assign-spool", "1", "PLA-001").Ok();
        Assert.Contains("Estimated 135g on the spools assigned; no spool yet for PLA White (50g)", Flat(half.Out), StringComparison.Ordinal);

        var all = _host.Run("run", "assign-spool", "1", "PLA-002").Ok();
        Assert.Contains("Estimated 185g", all.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("no spool yet", Flat(all.Out), StringComparison.Ordinal);

        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        _host.Run("run", "start", "1").Ok();
        Assert.Contains("Run #1 - In Progress on P1S-1", _host.Run("run", "show", "1").Ok().Out, StringComparison.Ordinal);
    }

    /// <summary>The output with the console's line wrapping undone.</summary>
    private static string Flat(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Reprint_fail_cancel_and_list()
    {
        _host.From(Seed.WithPrintedRun);
        _host.Run("run", "complete", "1", "--quality", "4").Ok();

        var reprint = _host.Run("run", "reprint", "1", "--json").Ok().Json;
        Assert.Equal(2, reprint.GetProperty("number").GetInt32());
        Assert.True(reprint.GetProperty("isReprint").GetBoolean());
        var item = Assert.Single(reprint.GetProperty("items").EnumerateArray());
        Assert.Equal("CLIP", item.GetProperty("sku").GetString());
        Assert.Equal(1, item.GetProperty("quantity").GetInt32());

        _host.Run("run", "cancel", "2", "--notes", "not today").Ok();
        _host.Run("run", "new", "--printer", "P1S-1").Ok();
        _host.Run("run", "add-product", "3", "STAND", "-q", "1").Ok();
        _host.Run("run", "assign-spool", "3", "PLA-001").Ok();
        _host.Run("run", "weigh", "before", "3", "PLA-001", "--grams", "711").Ok();
        _host.Run("run", "start", "3").Ok();
        _host.Run("run", "weigh", "after", "3", "PLA-001", "--grams", "690").Ok();
        _host.Run("run", "fail", "3", "--notes", "spaghetti").Ok();

        var runs = _host.Run("run", "list", "--json").Ok().Json.EnumerateArray().ToList();
        Assert.Equal(["completed", "cancelled", "failed"], runs.Select(r => r.GetProperty("status").GetString()));
        var failed = _host.Run("run", "list", "--status", "Failed").Ok();
        Assert.Contains("#3", failed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("#1", failed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_edits_are_kept()
    {
        _host.From(Seed.WithCatalog);
        _host.Run("catalog", "spool", "edit", "PLA-001", "--tare", "240", "--price", "27.50").Ok();
        var spool = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Json;
        Assert.Equal(240m, spool.GetProperty("tareGrams").GetDecimal());
        Assert.Equal(27.5m, spool.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", spool.GetProperty("price").GetProperty("currency").GetString());

        _host.Run("catalog", "product", "edit", "STAND", "--name", "Phone Stand v2", "--bom", "PLA Black:47:5", "--bom", "PLA White:2", "--component", "Rubber foot:4:0.05").Ok();
        var product = _host.Run("catalog", "product", "show", "STAND", "--json").Ok().Json;
        Assert.Equal("Phone Stand v2", product.GetProperty("name").GetString());
        Assert.Equal(49m, product.GetProperty("gramsPerUnit").GetDecimal());
        Assert.Equal(2, product.GetProperty("bom").GetArrayLength());
        Assert.Equal("Rubber foot", product.GetProperty("components")[0].GetProperty("name").GetString());

        _host.Run("catalog", "printer", "edit", "P1S-1", "--model", "Bambu P1S Combo", "--slots", "8").Ok();
        var printer = _host.Run("catalog", "printer", "show", "P1S-1", "--json").Ok().Json;
        Assert.Equal("Bambu P1S Combo", printer.GetProperty("model").GetString());
        Assert.Equal(8, printer.GetProperty("materialSlots").GetInt32());

        var tares = _host.Run("catalog", "brand-tare", "list", "--json").Ok().Json;
        Assert.Equal(250m, Assert.Single(tares.EnumerateArray()).GetProperty("tareGrams").GetDecimal());
        Assert.Equal(2, _host.Run("catalog", "product", "list", "--json").Ok().Json.GetArrayLength());
        Assert.Single(_host.Run("catalog", "printer", "list", "--json").Ok().Json.EnumerateArray());
    }

    public void Dispose() => _host.Dispose();
}
