using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>Bad input: exit code 2, one line on stderr saying what was wrong and what to do, nothing stored.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void An_unknown_spool_is_refused_and_the_run_is_unchanged()
    {
        _host.From(Seed.WithDraftRun);
        var before = _host.Run("run", "show", "1", "--json").Ok().Out;

        var result = _host.Run("run", "assign-spool", "1", "PLA-404").Expect(2);

        AssertOneLine(result, "PLA-404");
        Assert.Contains("add it first", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, _host.Run("run", "show", "1", "--json").Ok().Out);
    }

    [Fact]
    public void A_weight_after_above_the_weight_before_is_refused_and_not_stored()
    {
        _host.From(Seed.WithDraftRun);
        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        _host.Run("run", "start", "1").Ok();
        var spoolBefore = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Out;

        var result = _host.Run("run", "weigh", "after", "1", "PLA-001", "--grams", "900").Expect(2);

        AssertOneLine(result, "900");
        var run = _host.Run("run", "show", "1", "--json").Ok().Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("spools")[0].GetProperty("weightAfterGrams").ValueKind);
        Assert.Equal(spoolBefore, _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Out);
    }

    [Fact]
    public void Completing_a_run_twice_is_refused_and_changes_nothing()
    {
        _host.From(Seed.WithPrintedRun);
        _host.Run("run", "complete", "1", "--quality", "4", "--notes", "first").Ok();
        var run = _host.Run("run", "show", "1", "--json").Ok().Out;
        var spool = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Out;

        var result = _host.Run("run", "complete", "1", "--quality", "2", "--notes", "second").Expect(2);

        AssertOneLine(result, "#1");
        Assert.Equal(run, _host.Run("run", "show", "1", "--json").Ok().Out);
        Assert.Equal(spool, _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Out);
    }

    [Fact]
    public void A_duplicate_spool_code_is_refused()
    {
        _host.From(Seed.WithCatalog);
        var result = _host.Run("catalog", "spool", "add", "PLA-001", "--material", "PETG Red", "--price", "30").Expect(2);
        AssertOneLine(result, "PLA-001");
        var spool = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Json;
        Assert.Equal("PLA Black", spool.GetProperty("material").GetString());
    }

    [Fact]
    public void Malformed_input_is_refused_with_exit_code_2_and_nothing_is_stored()
    {
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S").Ok(); // a database to look in (a read never creates one)
        string[][] cases =
        [
            ["catalog", "spool", "add", "PLA-009", "--price", "20"],                                   // a required option missing
            ["catalog", "spool", "add", "PLA-009", "--material", "PLA", "--price", "20"],              // a material without colour
            ["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "twenty"],      // not a number
            ["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "20", "--currency", "dollars"],
            ["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "20", "--net", "0"],
            ["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "PLA Black"],              // a BOM line without grams
            ["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "PLA Black:5:9"],          // more supports than grams
            ["catalog", "spool", "frobnicate"],                                                         // an unknown command
            ["stats", "--from", "yesterday-ish"],
            ["stats", "--from", "2026-02-01", "--to", "2026-01-01"],                                   // a reversed period
            ["run", "list", "--status", "bogus"],
        ];
        foreach (var args in cases)
        {
            var result = _host.Run(args);
            Assert.True(result.ExitCode == 2, $"batchivo {string.Join(' ', args)} exited {result.ExitCode}, not 2: {result.Error}");
            AssertOneLine(result, null);
        }

        Assert.Empty(_host.Run("catalog", "spool", "list", "--json").Ok().Json.EnumerateArray());
        Assert.Empty(_host.Run("catalog", "product", "list", "--json").Ok().Json.EnumerateArray());
    }

    [Fact]
    public void Unknown_ids_are_bad_input()
    {
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S").Ok(); // a database to look in (a read never creates one)
        AssertOneLine(_host.Run("run", "show", "42").Expect(2), "#42");
        AssertOneLine(_host.Run("report", "42").Expect(2), "#42");
        AssertOneLine(_host.Run("catalog", "product", "show", "NOPE").Expect(2), "NOPE");
        AssertOneLine(_host.Run("catalog", "printer", "show", "NOPE").Expect(2), "NOPE");
        AssertOneLine(_host.Run("run", "new", "--printer", "NOPE").Expect(2), "NOPE");
        AssertOneLine(_host.Run("stats", "--printer", "NOPE").Expect(2), "NOPE");
        AssertOneLine(_host.Run("calibrate", "--apply", "NOPE:PLA Black").Expect(2), "NOPE:PLA Black");
        Assert.Empty(_host.Run("run", "list", "--json").Ok().Json.EnumerateArray());
    }

    private static void AssertOneLine(Result result, string? mentions)
    {
        Assert.Equal(string.Empty, result.Out);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.True(line.Length > 30, $"The message says too little: {line}");
        if (mentions is not null)
        {
            Assert.Contains(mentions, line, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _host.Dispose();
}
