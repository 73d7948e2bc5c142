using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// Numbers and dates on the command line have one form (digits, a dot for decimals, ISO 8601 dates): anything else is
/// a usage error (exit 2) that shows the accepted form, names no .NET type, and stores nothing.
/// </summary>
public sealed class InputFormTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void A_weight_with_a_comma_is_refused_and_nothing_is_stored()
    {
        _host.From(Seed.WithDraftRun);
        var run = _host.Run("run", "show", "1", "--json").Ok().Out;
        var spool = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Out;

        var result = _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850,5").Expect(2);

        AssertUsageError(result, "--grams", "850,5");
        Assert.Equal(run, _host.Run("run", "show", "1", "--json").Ok().Out);
        Assert.Equal(spool, _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Out);
    }

    [Fact]
    public void Every_number_of_every_command_refuses_commas_grouping_exponents_and_units()
    {
        _host.From(Seed.WithDraftRun);
        var runs = _host.Run("run", "list", "--json").Ok().Out;
        var spools = _host.Run("catalog", "spool", "list", "--json").Ok().Out;
        var products = _host.Run("catalog", "product", "list", "--json").Ok().Out;
        var printers = _host.Run("catalog", "printer", "list", "--json").Ok().Out;

        // Each line: the command, the option or argument, and the bad value (from the issue: 850,5 read as 8505, 25,99 as 2599, 4,5 as 45).
        (string[] Args, string Name, string Value)[] cases =
        [
            (["run", "weigh", "before", "1", "PLA-001", "--grams", "X"], "--grams", "850,5"),
            (["run", "weigh", "after", "1", "PLA-001", "--scale", "bench", "--timeout", "X"], "--timeout", "1,5"),
            (["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "X"], "--price", "25,99"),
            (["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "20", "--net", "X"], "--net", "1,000"),
            (["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "20", "--tare", "X"], "--tare", "2.5e2"),
            (["catalog", "spool", "add", "PLA-009", "--material", "PLA Red", "--price", "20", "--gross", "X"], "--gross", "1240g"),
            (["catalog", "spool", "edit", "PLA-001", "--price", "X"], "--price", "25,99"),
            (["catalog", "spool", "weigh", "PLA-001", "--grams", "X"], "--grams", "850,5"),
            (["catalog", "spool", "adjust", "PLA-001", "--grams", "X", "--reason", "typo"], "--grams", "1 240"),
            (["catalog", "brand-tare", "add", "Acme", "--tare", "X"], "--tare", "250,0"),
            (["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "X"], "--bom", "PLA Black:45,5"),
            (["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "X"], "--bom", "PLA Black:45:5,5"),
            (["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "PLA Black:45", "--component", "X"], "--component", "M3 insert:4:0,10"),
            (["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "PLA Black:45", "--component", "X"], "--component", "M3 insert:4.0:0.10"),
            (["catalog", "product", "add", "BOX", "--name", "Box", "--bom", "PLA Black:45", "--print-minutes", "X"], "--print-minutes", "3,5"),
            (["catalog", "product", "edit", "STAND", "--bom", "X"], "--bom", "PLA Black:45,5"),
            (["catalog", "printer", "add", "P2", "--model", "M", "--slots", "X"], "--slots", "4.0"),
            (["catalog", "printer", "edit", "P1S-1", "--slots", "X"], "--slots", "1,000"),
            (["run", "new", "--printer", "P1S-1", "--hours", "X"], "--hours", "4,5"),
            (["run", "add-product", "1", "STAND", "--quantity", "X"], "--quantity", "1e3"),
            (["run", "set-quantity", "1", "STAND", "--quantity", "X"], "--quantity", "3,0"),
            (["run", "assign-spool", "1", "PLA-001", "--purge", "X"], "--purge", "8,5"),
            (["run", "assign-spool", "1", "PLA-001", "--tower", "X"], "--tower", "0x10"),
            (["run", "waste", "1", "PLA-001", "--supports", "X"], "--supports", "18,5"),
            (["run", "outcome", "1", "STAND", "--successful", "X"], "--successful", "3.0"),
            (["run", "outcome", "1", "STAND", "--successful", "3", "--failed", "X"], "--failed", "0,0"),
            (["run", "complete", "1", "--quality", "X"], "--quality", "4,5"),
            (["run", "show", "X"], "RUN", "1,0"),
            (["report", "X"], "RUN", "#1"),
            (["stats", "--top", "X"], "--top", "5 "),
            (["calibrate", "--min-runs", "X"], "--min-runs", "3.5"),
        ];
        foreach (var (args, name, value) in cases)
        {
            var result = _host.Run([.. args.Select(a => a == "X" ? value : a)]);
            Assert.True(result.ExitCode == 2, $"batchivo {string.Join(' ', args)} with {value} exited {result.ExitCode}, not 2: {result.Out}{result.Error}");
            AssertUsageError(result, name, value);
        }

        Assert.Equal(runs, _host.Run("run", "list", "--json").Ok().Out);
        Assert.Equal(spools, _host.Run("catalog", "spool", "list", "--json").Ok().Out);
        Assert.Equal(products, _host.Run("catalog", "product", "list", "--json").Ok().Out);
        Assert.Equal(printers, _host.Run("catalog", "printer", "list", "--json").Ok().Out);
    }

    [Fact]
    public void Numbers_in_the_accepted_form_are_stored_exactly()
    {
        _host.From(Seed.WithDraftRun);
        var weighing = _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850.5", "--json").Ok().Json;
        Assert.Equal(850.5m, weighing.GetProperty("grams").GetDecimal());
        var spool = _host.Run("catalog", "spool", "add", "PLA-010", "--material", "PLA Red", "--price", "25.99", "--json").Ok().Json;
        Assert.Equal(25.99m, spool.GetProperty("price").GetProperty("amount").GetDecimal());
        var product = _host.Run("catalog", "product", "add", "BOX", "--name", "Box", "--bom", "PLA Black:45.5", "--json").Ok().Json;
        Assert.Equal(45.5m, product.GetProperty("gramsPerUnit").GetDecimal());
        var run = _host.Run("run", "new", "--printer", "P1S-1", "--hours", "4.5", "--json").Ok().Json;
        Assert.Equal(4.5m, run.GetProperty("estimatedHours").GetDecimal());
    }

    [Fact]
    public void A_timeout_out_of_range_is_refused_not_clamped()
    {
        _host.From(Seed.WithDraftRun);
        foreach (var timeout in new[] { "-5", "0", "601" })
        {
            var result = _host.Run("run", "weigh", "before", "1", "PLA-001", "--scale", "bench", "--timeout", timeout).Expect(2);
            Assert.Contains("--timeout", result.Error, StringComparison.Ordinal);
            Assert.Contains(timeout, result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(System.Text.Json.JsonValueKind.Null, _host.Run("run", "show", "1", "--json").Ok().Json.GetProperty("spools")[0].GetProperty("weightBeforeGrams").ValueKind);
    }

    [Fact]
    public void Dates_are_ISO_8601_only()
    {
        _host.From(Seed.WithPrintedRun);
        _host.Run("run", "complete", "1").Ok();

        foreach (var date in new[] { "1/2/2026", "2/1/2026", "01.02.2026", "2026/02/01", "Feb 1 2026", "2026-02-30", "2026-2-1", "today" })
        {
            var result = _host.Run("stats", "--from", date).Expect(2);
            AssertUsageError(result, "--from", date);
            Assert.Contains("YYYY-MM-DD", result.Error, StringComparison.Ordinal);
        }

        // The run was created today (the real clock): a period around today counts it, one before it does not.
        var today = DateTimeOffset.UtcNow.Date;
        string Iso(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, _host.Run("stats", "--from", Iso(today.AddDays(-1)), "--to", Iso(today.AddDays(2)), "--json").Ok().Json.GetProperty("runs").GetInt32());
        Assert.Equal(0, _host.Run("stats", "--from", Iso(today.AddDays(-30)), "--to", Iso(today.AddDays(-29)) + "T00:00Z", "--json").Ok().Json.GetProperty("runs").GetInt32());
        var withOffset = _host.Run("stats", "--from", Iso(today.AddDays(-1)) + "T08:00+01:00", "--json").Ok().Json;
        Assert.Equal(today.AddDays(-1).AddHours(7), withOffset.GetProperty("from").GetDateTimeOffset().UtcDateTime);
    }

    [Fact]
    public void Run_list_takes_statuses_as_the_json_spells_them()
    {
        _host.From(Seed.WithPrintedRun);
        var status = _host.Run("run", "show", "1", "--json").Ok().Json.GetProperty("status").GetString()!;
        Assert.Equal("in-progress", status);

        foreach (var spelling in new[] { status, "InProgress", "IN-PROGRESS" })
        {
            var runs = _host.Run("run", "list", "--status", spelling, "--json").Ok().Json;
            Assert.Equal(1, runs.GetArrayLength());
        }

        Assert.Equal(0, _host.Run("run", "list", "--status", "draft", "--json").Ok().Json.GetArrayLength());
        foreach (var other in new[] { "1", "Draft,InProgress", "in progress" })
        {
            AssertUsageError(_host.Run("run", "list", "--status", other).Expect(2), "--status", other);
        }

        var bad = _host.Run("run", "list", "--status", "1").Expect(2);
        AssertUsageError(bad, "--status", "1");
        Assert.Contains("in-progress", bad.Error, StringComparison.Ordinal);
    }

    private static void AssertUsageError(Result result, string name, string value)
    {
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Decimal", line, StringComparison.Ordinal);
        Assert.True(line.Contains("e.g.", StringComparison.Ordinal), $"The message does not show the accepted form: {line}");
    }

    public void Dispose() => _host.Dispose();
}
