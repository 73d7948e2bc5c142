using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// What the console shows about runs and spools: the run's state decides before the scale is touched, a reprint's
/// original run, statuses and ledger entries in words, the filament a spool has used, and the domain's ranges.
/// </summary>
public sealed class RunWordsTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void Weigh_after_on_a_draft_is_refused_as_a_rule_without_touching_an_unplugged_scale()
    {
        _host.From(Seed.WithDraftRun).With("BATCHIVO__SCALES__0__SETTINGS__FAULT", "disconnected");

        var result = _host.Run("run", "weigh", "after", "1", "PLA-001", "--scale", "bench").Expect(2);

        Assert.Contains("Run #1 is a draft", result.Error, StringComparison.Ordinal);
        Assert.Contains("weight after", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("settling", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_draft_reprint_shows_its_original_run_in_show_and_json()
    {
        _host.From(Seed.WithPrintedRun);
        _host.Run("run", "complete", "1", "--quality", "4").Ok();
        _host.Run("run", "reprint", "1").Ok();

        var shown = _host.Run("run", "show", "2").Ok();
        var json = _host.Run("run", "show", "2", "--json").Ok().Json;
        var listed = _host.Run("run", "list", "--json").Ok().Json;
        var report = _host.Run("report", "2", "--json").Ok().Json;

        Assert.Contains("Reprint of run #1", shown.Out, StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("reprintOf").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("notes").ValueKind);
        Assert.Equal(1, listed[1].GetProperty("reprintOf").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed[0].GetProperty("reprintOf").ValueKind);
        Assert.Equal(1, report.GetProperty("reprintOf").GetInt32());
        Assert.Contains("Reprint of run #1", report.GetProperty("resultText").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_run_reads_once_as_failed()
    {
        _host.From(Seed.WithPrintedRun);

        var failed = _host.Run("run", "fail", "1").Ok();

        Assert.Contains("Run #1 on P1S-1 - Failed", failed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed Run #1 - Failed", failed.Out, StringComparison.Ordinal);
        Assert.Contains("Run #1 - Failed on P1S-1", _host.Run("run", "show", "1").Ok().Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spool_shows_its_history_in_words_and_the_filament_used_since_its_first_weighing()
    {
        _host.From(Seed.WithPrintedRun);
        _host.Run("run", "complete", "1").Ok();

        var shown = _host.Run("catalog", "spool", "show", "PLA-001").Ok();
        var json = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Json;
        var list = _host.Run("catalog", "spool", "list", "--json").Ok().Json;

        Assert.Contains("Used by run #1", shown.Out, StringComparison.Ordinal);
        Assert.Equal("Weighed before run #1", json.GetProperty("ledger")[0].GetProperty("what").GetString());
        Assert.DoesNotContain("ConsumedByRun", shown.Out, StringComparison.Ordinal);
        Assert.Contains("139.0 g since the first weighing", Flat(shown.Out), StringComparison.Ordinal);
        Assert.Equal(139m, json.GetProperty("usedGrams").GetDecimal());
        Assert.Equal("Used by run #1", json.GetProperty("ledger")[1].GetProperty("what").GetString());
        Assert.Equal(139m, list[0].GetProperty("usedGrams").GetDecimal());
    }

    [Fact]
    public void A_weight_after_below_the_tare_is_stored_with_a_warning()
    {
        _host.From(Seed.WithDraftRun);
        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        _host.Run("run", "start", "1").Ok();

        var weighed = _host.Run("run", "weigh", "after", "1", "PLA-002", "--grams", "240").Ok();
        var json = _host.Run("run", "weigh", "after", "1", "PLA-001", "--grams", "700", "--json").Ok().Json;

        Assert.Contains("warning:", weighed.Out, StringComparison.Ordinal);
        Assert.Contains("less than its empty-spool weight of 250.0 g", Flat(weighed.Out), StringComparison.Ordinal);
        Assert.Empty(json.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void A_second_run_on_a_busy_printer_is_refused_naming_the_first()
    {
        _host.From(Seed.WithDraftRun);
        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        _host.Run("run", "start", "1").Ok();
        _host.Run("catalog", "spool", "add", "PLA-003", "--material", "PLA Black", "--brand", "Bambu Lab", "--price", "25", "--spool-type", "plastic").Ok();
        _host.Run("run", "new", "--printer", "P1S-1").Ok();
        _host.Run("run", "add-product", "2", "STAND", "-q", "1").Ok();
        _host.Run("run", "assign-spool", "2", "PLA-003").Ok();
        _host.Run("run", "weigh", "before", "2", "PLA-003", "--grams", "1200").Ok();

        var refused = _host.Run("run", "start", "2").Expect(2);

        Assert.Contains("Printer P1S-1 is printing run #1", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantity_outside_its_range_is_refused_with_the_range()
    {
        _host.From(Seed.WithDraftRun);

        var refused = _host.Run("run", "add-product", "1", "STAND", "-q", "2147483647").Expect(2);

        Assert.Contains("1 to 100000", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>The output with the console's line wrapping undone.</summary>
    private static string Flat(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public void Dispose() => _host.Dispose();
}
