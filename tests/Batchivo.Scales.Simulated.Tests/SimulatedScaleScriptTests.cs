using Batchivo.Devices;
using Batchivo.Plugins;
using Batchivo.Scales.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace Batchivo.Scales.Simulated.Tests;

/// <summary>The simulated scale's script, as configuration writes it: readings, noise, settle time and faults.</summary>
public sealed class SimulatedScaleScriptTests
{
    private static SimulatedScale Scale(TimeProvider time, params (string Key, string Value)[] settings) =>
        new("bench", Bind(settings), time);

    private static SimulatedScaleOptions Bind(params (string Key, string Value)[] settings) =>
        SimulatedScalePlugin.Bind(new ScaleSettings("bench", SimulatedScalePlugin.DriverName, PluginSettings.Of(settings.ToDictionary(s => s.Key, s => (string?)s.Value))));

    [Fact]
    public async Task Plays_the_readings_in_order_each_once_stable_and_repeats_the_last()
    {
        await using var scale = Scale(TimeProvider.System, ("readings", "1000,1000.5,1001"));

        var values = new List<decimal>();
        for (var i = 0; i < 5; i++)
        {
            var reading = await scale.ReadAsync();
            Assert.True(reading.IsStable);
            values.Add(reading.Value);
        }

        Assert.Equal([1000m, 1000.5m, 1001m, 1001m, 1001m], values);
    }

    [Fact]
    public async Task A_load_is_unstable_with_noise_until_the_settle_time_has_passed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        await using var scale = Scale(clock, ("Readings", "850"), ("settleTime", "00:00:00.400"), ("noise", "0.6"), ("Seed", "7"));

        var early = new List<ScaleReading>();
        for (var i = 0; i < 20; i++)
        {
            early.Add(await scale.ReadAsync());
            clock.Advance(TimeSpan.FromMilliseconds(19));
        }

        clock.Advance(TimeSpan.FromMilliseconds(40));
        var settled = await scale.ReadAsync();

        Assert.All(early, r => Assert.False(r.IsStable));
        Assert.All(early, r => Assert.InRange(r.Value, 849.4m, 850.6m));
        Assert.Contains(early, r => r.Value != 850m);
        Assert.True(settled.IsStable);
        Assert.Equal(850m, settled.Value);
        Assert.Equal(clock.GetUtcNow(), settled.At);
    }

    [Fact]
    public async Task Fault_steps_fail_one_read_each_and_a_disconnect_is_for_good()
    {
        await using var scale = Scale(TimeProvider.System, ("Readings", "850, overload, 851, underload, 852, disconnected, 853"));

        Assert.Equal(850m, (await scale.ReadAsync()).Value);
        Assert.Equal(ScaleFault.Overload, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
        Assert.Equal(851m, (await scale.ReadAsync()).Value);
        Assert.Equal(ScaleFault.Underload, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
        Assert.Equal(852m, (await scale.ReadStableAsync(TimeSpan.FromSeconds(1))).Value);
        Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
        Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync())).Fault);
    }

    [Fact]
    public async Task A_no_reply_step_times_out_after_the_reply_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var scale = Scale(clock, ("Readings", "no-reply, 900"), ("ReplyTimeout", "00:00:01.500"));

        var read = scale.ReadAsync();
        clock.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => read)).Fault);
        Assert.Equal(900m, (await scale.ReadAsync()).Value);
    }

    [Fact]
    public async Task Reports_in_the_configured_unit_converted_from_grams()
    {
        await using var scale = Scale(TimeProvider.System, ("Readings", "1133.980925"), ("Unit", "lb"));

        var reading = await scale.ReadAsync();

        Assert.Equal(2.5m, reading.Value);
        Assert.Equal(WeightUnit.Pound, reading.Unit);
        Assert.Equal(1133.980925m, reading.Mass.Grams);
    }

    [Fact]
    public async Task Tare_subtracts_the_load_and_zero_makes_it_the_new_zero()
    {
        await using var scale = Scale(TimeProvider.System, ("Readings", "250"));

        await scale.TareAsync();
        Assert.Equal(0m, (await scale.ReadAsync()).Value);
        scale.Play(new SimulatedScaleOptions { Readings = "1250" });
        Assert.Equal(1000m, (await scale.ReadAsync()).Value);
        await scale.ZeroAsync();
        Assert.Equal(0m, (await scale.ReadAsync()).Value);
        scale.Play(new SimulatedScaleOptions { Readings = "1300" });
        Assert.Equal(50m, (await scale.ReadAsync()).Value);
    }

    [Fact]
    public void The_console_bench_configuration_binds()
    {
        var options = Bind(("Readings", "850"), ("SettleTime", "00:00:00.400"), ("Noise", "0.6"));

        Assert.Equal([SimulatedStep.Load(850m)], options.Steps);
        Assert.Equal(TimeSpan.FromMilliseconds(400), options.SettleTime);
        Assert.Equal(0.6m, options.Noise);
        Assert.Equal(SimulatedFault.None, options.Fault);
        Assert.Equal(WeightUnit.Gram, options.Unit);
    }

    [Theory]
    [InlineData("Readings", "850, heavy", "Readings")]
    [InlineData("Readings", "-5", "Readings")]
    [InlineData("Readings", "850, never-stable", "Readings")]
    [InlineData("Unit", "stone", "Unit")]
    [InlineData("Noise", "-1", "Noise")]
    [InlineData("SettleTime", "soon", "SettleTime")]
    [InlineData("SettleMilliseconds", "400", "SettleMilliseconds")]
    [InlineData("ReplyTimeout", "-00:00:01", "ReplyTimeout")]
    [InlineData("Fault", "fire", "Fault")]
    [InlineData("Seed", "1.5", "Seed")]
    public void Invalid_settings_are_refused_naming_the_setting(string key, string value, string named)
    {
        var error = Assert.Throws<ScaleException>(() => Bind((key, value)));

        Assert.Equal(ScaleFault.DeviceError, error.Fault);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(value.Split(',')[^1].Trim(), error.Message, StringComparison.Ordinal);
    }
}
