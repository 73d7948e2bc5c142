using Batchivo.Devices;
using Batchivo.Scales.Serial.Tests.Support;

namespace Batchivo.Scales.Serial.Tests.Drivers;

/// <summary>The A&amp;D-style driver against a streaming (and a polled) indicator emulator on a real pseudo-terminal.</summary>
public sealed class AndScaleTests
{
    private static ScaleRig<AndEmulator> Start(Script? script = null, IReadOnlyDictionary<string, string?>? settings = null, bool streaming = true) =>
        ScaleRig<AndEmulator>.Start(SerialScalePlugin.And, p => new AndEmulator(p, streaming), script, settings);

    [Theory]
    [InlineData(AndLayout.Header, "g", WeightUnit.Gram)]
    [InlineData(AndLayout.HeaderAndMode, "kg", WeightUnit.Kilogram)]
    [InlineData(AndLayout.Header, "lb", WeightUnit.Pound)]
    [InlineData(AndLayout.HeaderAndMode, "oz", WeightUnit.Ounce)]
    public async Task A_streamed_ST_frame_is_a_stable_weight(AndLayout layout, string unit, WeightUnit expected)
    {
        await using var rig = Start(new Script { Value = 1.234m, Decimals = 3, Unit = unit, Layout = layout });

        var reading = await rig.Scale.ReadAsync();

        Assert.Equal(1.234m, reading.Value);
        Assert.Equal(expected, reading.Unit);
        Assert.True(reading.IsStable);
    }

    [Fact]
    public async Task US_frames_are_unstable_and_the_stable_read_waits_for_ST()
    {
        await using var rig = Start(new Script { Value = 500m, Settles = false });

        Assert.False((await rig.Scale.ReadAsync()).IsStable);
        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        var sent = rig.Device.Sent;
        await rig.Device.WhenAsync(d => d.Sent >= sent + 3, "3 more US frames");
        Assert.False(pending.IsCompleted, "The stable read returned while only US frames came.");
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var reading = await pending;

        Assert.True(reading.IsStable);
        Assert.Equal(500m, reading.Value);
    }

    [Fact]
    public async Task Net_frames_read_like_gross_ones()
    {
        await using var rig = Start(new Script { Value = 42m, Layout = AndLayout.HeaderAndMode });
        rig.Device.Net = true;

        Assert.Equal(42m, (await rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(5))).Value);
    }

    [Fact]
    public async Task Frames_that_cannot_say_are_stable_after_N_equal_readings()
    {
        await using var rig = Start(new Script { Value = 321.5m, Decimals = 1, Layout = AndLayout.ModeOnly, Settles = false }, new Dictionary<string, string?> { ["StableReadings"] = "4" });

        Assert.False((await rig.Scale.ReadAsync()).IsStable);
        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        var sent = rig.Device.Sent;
        await rig.Device.WhenAsync(d => d.Sent >= sent + 3, "3 more moving frames");
        Assert.False(pending.IsCompleted, "The stable read returned while the values still moved.");
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var reading = await pending;

        Assert.True(reading.IsStable);
        Assert.Equal(321.5m, reading.Value);
    }

    [Fact]
    public async Task Moving_frames_that_cannot_say_are_NotStable_at_the_timeout()
    {
        await using var rig = Start(new Script { Layout = AndLayout.ModeOnly, Settles = false });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMilliseconds(400)));

        Assert.Equal(ScaleFault.NotStable, e.Fault);
    }

    [Fact]
    public async Task A_stability_mark_that_cannot_be_trusted_is_overruled_by_counting()
    {
        // The device says ST while its value still moves: with Stability=equal-readings only equal values count.
        await using var rig = Start(new Script { Value = 10m, Settles = false }, new Dictionary<string, string?> { ["Stability"] = "equal-readings" });

        Assert.False((await rig.Scale.ReadAsync()).IsStable);
        Assert.Equal(ScaleFault.NotStable, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMilliseconds(300)))).Fault);
    }

    [Theory]
    [InlineData(DeviceFault.Overload, ScaleFault.Overload)]
    [InlineData(DeviceFault.Underload, ScaleFault.Underload)]
    public async Task OL_frames_are_overload_or_underload(DeviceFault device, ScaleFault expected)
    {
        await using var rig = Start(new Script { Fault = device });

        Assert.Equal(expected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        Assert.Equal(expected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(2)))).Fault);
    }

    [Fact]
    public async Task A_polled_indicator_is_asked_with_the_request_command()
    {
        await using var rig = Start(new Script { Value = 77.7m, Decimals = 1 }, new Dictionary<string, string?> { ["Mode"] = "request", ["Request"] = "Q" }, streaming: false);

        var reading = await rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(77.7m, reading.Value);
        Assert.Contains("Q", rig.Device.Received);
    }

    [Fact]
    public async Task A_silent_stream_is_NoReply_and_noise_is_Garbage()
    {
        var fast = new Dictionary<string, string?> { ["ReplyTimeout"] = "00:00:00.300" };
        // Noise and an unplug must arrive within the reply timeout to be told from silence: a generous bound for loaded machines.
        var bounded = new Dictionary<string, string?> { ["ReplyTimeout"] = "00:00:02" };
        await using (var rig = Start(new Script { Fault = DeviceFault.Silent }, fast))
        {
            Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
            Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(1)))).Fault);
        }

        await using (var rig = Start(new Script { Fault = DeviceFault.Garbage }, bounded))
        {
            Assert.Equal(ScaleFault.Garbage, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        }
    }

    [Fact]
    public async Task An_indicator_unplugged_mid_frame_is_Disconnected()
    {
        await using var rig = Start();
        Assert.True((await rig.Scale.ReadAsync()).IsStable);

        rig.Device.Script = new Script { Fault = DeviceFault.Unplug };

        Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(5)))).Fault);
    }

    [Fact]
    public async Task Tare_and_zero_are_not_supported_over_the_port()
    {
        await using var rig = Start();

        Assert.Equal(ScaleFault.NotSupported, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.TareAsync())).Fault);
        Assert.Equal(ScaleFault.NotSupported, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ZeroAsync())).Fault);
    }
}
