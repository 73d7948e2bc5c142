using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>Weighing from the configured scale "bench" (the simulated scale plugin, loaded from the host's plugins folder).</summary>
public sealed class ScaleTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    public ScaleTests() => _host.From(Seed.WithDraftRun);

    [Fact]
    public void The_reading_is_shown_until_stable_then_recorded()
    {
        _host.With("BATCHIVO__SCALES__0__SETTINGS__READINGS", "853.5")
            .With("BATCHIVO__SCALES__0__SETTINGS__SETTLETIME", "00:00:00.500")
            .With("BATCHIVO__SCALES__0__SETTINGS__NOISE", "2");

        var result = _host.Run("run", "weigh", "before", "1", "PLA-001", "--scale", "bench").Ok();

        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("settling", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("853.5 g stable", StringComparison.Ordinal));
        Assert.Contains("Run #1: PLA-001 weighs 853.5g before (scale bench, stable).", result.Out, StringComparison.Ordinal);
        var run = _host.Run("run", "show", "1", "--json").Ok().Json;
        Assert.Equal(853.5m, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").GetDecimal());
    }

    [Fact]
    public void At_a_terminal_the_reading_is_redrawn_live_until_stable()
    {
        _host.With("BATCHIVO__SCALES__0__SETTINGS__READINGS", "851.2")
            .With("BATCHIVO__SCALES__0__SETTINGS__SETTLETIME", "00:00:00.800")
            .With("BATCHIVO__SCALES__0__SETTINGS__NOISE", "2");

        var result = _host.RunInTerminal("run", "weigh", "before", "1", "PLA-001", "--scale", "bench").Ok();

        // A status line redrawn in place (cursor moves), not one line per reading as in a pipe.
        Assert.Contains("\u001b[", result.Out, StringComparison.Ordinal);
        Assert.Contains("PLA-001 on scale bench:", result.Out, StringComparison.Ordinal);
        Assert.Contains("settling", result.Out, StringComparison.Ordinal);
        Assert.Contains("851.2 g stable", result.Out, StringComparison.Ordinal);
        Assert.Contains("Run #1: PLA-001 weighs 851.2g before (scale bench, stable).", result.Out, StringComparison.Ordinal);
        var run = _host.Run("run", "show", "1", "--json").Ok().Json;
        Assert.Equal(851.2m, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").GetDecimal());
    }

    [Fact]
    public void Json_output_names_the_scale_as_the_source()
    {
        _host.With("BATCHIVO__SCALES__0__SETTINGS__READINGS", "420");
        var json = _host.Run("run", "weigh", "before", "1", "PLA-002", "--scale", "bench", "--json").Ok().Json;
        Assert.Equal("scale", json.GetProperty("source").GetString());
        Assert.Equal("bench", json.GetProperty("scale").GetString());
        Assert.Equal(420m, json.GetProperty("grams").GetDecimal());
        Assert.Equal(420m, json.GetProperty("runAfter").GetProperty("spools")[1].GetProperty("weightBeforeGrams").GetDecimal());
    }

    [Fact]
    public void A_scale_that_never_settles_is_a_failure_and_nothing_is_stored()
    {
        _host.With("BATCHIVO__SCALES__0__SETTINGS__FAULT", "never-stable");
        var result = _host.Run("run", "weigh", "before", "1", "PLA-001", "--scale", "bench", "--timeout", "1").Expect(1);
        Assert.Contains("did not settle", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var run = _host.Run("run", "show", "1", "--json").Ok().Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").ValueKind);
    }

    [Fact]
    public void An_unknown_scale_is_bad_input()
    {
        var result = _host.Run("run", "weigh", "before", "1", "PLA-001", "--scale", "kitchen").Expect(2);
        Assert.Contains("kitchen", result.Error, StringComparison.Ordinal);
        Assert.Contains("bench", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scale_setting_the_driver_does_not_know_names_the_setting_and_stores_nothing()
    {
        // A setting from an older configuration: the binder refuses it rather than ignoring it.
        _host.With("BATCHIVO__SCALES__0__SETTINGS__SETTLEMILLISECONDS", "500");

        var result = _host.Run("run", "weigh", "before", "1", "PLA-001", "--scale", "bench").Expect(1);

        Assert.Contains("SettleMilliseconds", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SettleTime", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        var run = _host.Run("run", "show", "1", "--json").Ok().Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").ValueKind);
    }

    [Fact]
    public void An_unknown_spool_is_refused_before_the_scale_is_read()
    {
        _host.With("BATCHIVO__SCALES__0__SETTINGS__FAULT", "never-stable");
        var result = _host.Run("run", "weigh", "before", "1", "PLA-404", "--scale", "bench", "--timeout", "30").Expect(2);
        Assert.Contains("PLA-404", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
