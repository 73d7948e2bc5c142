using System.Text.Json;
using System.Text.RegularExpressions;
using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// What Core can do, the console can: fix a draft (remove a product, change its quantity, unassign a spool), check it
/// before starting, weigh or correct a spool outside a run, and set a run's notes, final runs included.
/// </summary>
public sealed partial class RunEditTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void A_draft_s_products_and_spools_can_be_changed_without_cancelling_it()
    {
        _host.From(Seed.WithDraftRun);

        var changed = _host.Run("run", "set-quantity", "1", "CLIP", "--quantity", "8", "--json").Ok().Json;
        Assert.Equal(8, Item(changed, "CLIP").GetProperty("quantity").GetInt32());
        Assert.Equal(40m, Item(changed, "CLIP").GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(3, Item(changed, "STAND").GetProperty("quantity").GetInt32());
        Assert.Equal(175m, changed.GetProperty("estimatedGrams").GetDecimal());

        var removed = _host.Run("run", "remove-product", "1", "CLIP", "--json").Ok().Json;
        Assert.Equal(["STAND"], removed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));

        var unassigned = _host.Run("run", "unassign-spool", "1", "PLA-002", "--json").Ok().Json;
        Assert.Equal(["PLA-001"], unassigned.GetProperty("spools").EnumerateArray().Select(s => s.GetProperty("spool").GetString()));

        // The draft still starts: stands only, from PLA-001.
        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        Assert.Equal("in-progress", _host.Run("run", "start", "1", "--json").Ok().Json.GetProperty("run").GetProperty("status").GetString());

        // Once started, the plate is fixed: the domain refuses, and the message says why.
        var refused = _host.Run("run", "set-quantity", "1", "STAND", "--quantity", "2").Expect(2);
        Assert.Contains("#1", refused.Error, StringComparison.Ordinal);
        Assert.Equal(3, Item(_host.Run("run", "show", "1", "--json").Ok().Json, "STAND").GetProperty("quantity").GetInt32());
    }

    [Fact]
    public void The_pre_flight_check_warns_before_starting_and_changes_nothing()
    {
        _host.From(Seed.WithDraftRun);
        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "260").Ok(); // 10 g of filament left, 50 g needed
        var before = _host.Run("run", "show", "1", "--json").Ok().Out;

        var check = _host.Run("run", "check", "1", "--json").Ok().Json;
        var warning = Assert.Single(check.GetProperty("warnings").EnumerateArray());
        Assert.Equal("PLA-002", warning.GetProperty("spool").GetString());
        Assert.Equal(10m, warning.GetProperty("remainingGrams").GetDecimal());
        Assert.Equal(50m, warning.GetProperty("neededGrams").GetDecimal());
        Assert.Contains("PLA-002", _host.Run("run", "check", "1").Ok().Out, StringComparison.Ordinal);
        Assert.Equal(before, _host.Run("run", "show", "1", "--json").Ok().Out);

        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        Assert.Empty(_host.Run("run", "check", "1", "--json").Ok().Json.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void A_spool_is_weighed_and_corrected_outside_a_run_but_not_while_printing()
    {
        _host.From(Seed.WithCatalog);
        var weighed = _host.Run("catalog", "spool", "weigh", "PLA-001", "--grams", "1240", "--note", "stock check", "--json").Ok().Json;
        Assert.Equal(1240m, weighed.GetProperty("grossGrams").GetDecimal());
        Assert.Equal("stock check", weighed.GetProperty("ledger")[0].GetProperty("note").GetString());

        var corrected = _host.Run("catalog", "spool", "adjust", "PLA-001", "--grams", "1200", "--reason", "scale was not tared", "--json").Ok().Json;
        Assert.Equal(1200m, corrected.GetProperty("grossGrams").GetDecimal());
        Assert.Equal(2, corrected.GetProperty("ledger").GetArrayLength());
        Assert.Equal(-40m, corrected.GetProperty("ledger")[1].GetProperty("deltaGrams").GetDecimal());
        Assert.Contains("scale was not tared", corrected.GetProperty("ledger")[1].GetProperty("note").GetString(), StringComparison.Ordinal);

        _host.Run("catalog", "spool", "adjust", "PLA-001", "--grams", "1100").Expect(2); // the reason is required
    }

    [Fact]
    public void Notes_change_on_a_final_run_and_run_show_shows_them_and_the_measured_waste()
    {
        _host.From(Seed.WithPrintedRun);
        _host.Run("run", "waste", "1", "PLA-001", "--supports", "18", "--purge", "3").Ok();
        _host.Run("run", "complete", "1", "--notes", "first").Ok();

        var noted = _host.Run("run", "notes", "1", "Stringing fixed by drying the spool", "--json").Ok().Json;
        Assert.Equal("completed", noted.GetProperty("status").GetString());
        Assert.Equal("Stringing fixed by drying the spool", noted.GetProperty("notes").GetString());
        Assert.Equal(18m, noted.GetProperty("spools")[0].GetProperty("measuredSupportsGrams").GetDecimal());
        Assert.Equal(3m, noted.GetProperty("spools")[0].GetProperty("measuredPurgeGrams").GetDecimal());
        Assert.Equal(JsonValueKind.Null, noted.GetProperty("spools")[0].GetProperty("measuredTowerGrams").ValueKind);

        var shown = _host.Run("run", "show", "1").Ok().Out;
        Assert.Contains("Notes: Stringing fixed by drying the spool", shown, StringComparison.Ordinal);
        Assert.Contains("Measured waste", shown, StringComparison.Ordinal);
        Assert.Matches(@"PLA-001\s*│\s*18g\s*│\s*3g\s*│\s*-", shown);
        Assert.Contains("Notes: Stringing fixed by drying the spool", _host.Run("report", "1").Ok().Out, StringComparison.Ordinal);

        Assert.Equal(JsonValueKind.Null, _host.Run("run", "notes", "1", "", "--json").Ok().Json.GetProperty("notes").ValueKind);
    }

    [Fact]
    public void Commands_that_messages_tell_the_user_to_run_exist()
    {
        _host.From(Seed.WithDraftRun);
        var messages = new List<string>
        {
            _host.Run("run", "add-product", "1", "STAND", "--quantity", "2").Expect(2).Error,           // already on the plate
            _host.Run("run", "outcome", "1", "NOPE-NOT-ON", "--successful", "1").Error,
            _host.Run("run", "start", "1").Expect(2).Error,                                             // not weighed
            _host.Run("calibrate", "--apply", "NOPE:PLA Black").Expect(2).Error,
            _host.Run("run", "show", "1").Ok().Out,
        };
        _host.Run("catalog", "product", "add", "GHOST", "--name", "Ghost", "--bom", "PLA Black:1").Ok();
        messages.Add(_host.Run("run", "outcome", "1", "GHOST", "--successful", "1").Error);               // not on the plate

        var named = messages.SelectMany(m => Quoted().Matches(m)).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(named);
        foreach (var command in named)
        {
            var words = command.Split(' ').TakeWhile(w => w.Length > 0 && char.IsAsciiLetterLower(w[0])).ToArray();
            var help = _host.Run([.. words, "--help"]);
            Assert.True(help.ExitCode == 0 && !help.Error.Contains("error", StringComparison.OrdinalIgnoreCase), $"A message names '{command}', which is not a command: {help.Error}");
        }

        // The domain's advice for a draft with a wrong quantity, or a spool to swap, is now a command.
        Assert.Contains("remov", messages[0], StringComparison.Ordinal);
        Assert.Equal(0, _host.Run("run", "remove-product", "--help").ExitCode);
        Assert.Equal(0, _host.Run("run", "unassign-spool", "--help").ExitCode);
    }

    [GeneratedRegex(@"'((?:run|catalog|report|stats|calibrate|plugins|demo)(?: [a-z][a-z-]*)*)[^']*'")]
    private static partial Regex Quoted();

    private static JsonElement Item(JsonElement run, string sku) =>
        run.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == sku);

    public void Dispose() => _host.Dispose();
}
