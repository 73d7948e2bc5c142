using Batchivo.Devices;
using Batchivo.Scales.Serial.Tests.Support;

namespace Batchivo.Scales.Serial.Tests.Drivers;

/// <summary>The Sartorius SBI driver against an SBI emulator on a real pseudo-terminal.</summary>
public sealed class SartoriusSbiScaleTests
{
    private static ScaleRig<SartoriusEmulator> Start(Script? script = null, IReadOnlyDictionary<string, string?>? settings = null, bool streaming = false) =>
        ScaleRig<SartoriusEmulator>.Start(SerialScalePlugin.SartoriusSbi, p => new SartoriusEmulator(p, streaming), script, settings);

    [Theory]
    [InlineData(false, "g", WeightUnit.Gram)]
    [InlineData(true, "kg", WeightUnit.Kilogram)]
    [InlineData(false, "lb", WeightUnit.Pound)]
    [InlineData(true, "oz", WeightUnit.Ounce)]
    public async Task ESC_P_reads_16_and_22_character_frames(bool withId, string unit, WeightUnit expected)
    {
        await using var rig = Start(new Script { Value = -12.34m, Unit = unit, WithId = withId });

        var reading = await rig.Scale.ReadAsync();

        Assert.Equal(-12.34m, reading.Value);
        Assert.Equal(expected, reading.Unit);
        Assert.True(reading.IsStable);
        Assert.Contains("ESC P", rig.Device.Received);
    }

    [Fact]
    public async Task A_blank_unit_is_unstable_in_the_configured_unit_and_the_stable_read_polls_until_it_shows()
    {
        await using var rig = Start(new Script { Value = 0.5m, Unit = "kg", Settles = false }, new Dictionary<string, string?> { ["Unit"] = "kg" });

        var moving = await rig.Scale.ReadAsync();
        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        await rig.Device.ReceivedAsync("ESC P", times: 3);
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var stable = await pending;

        Assert.False(moving.IsStable);
        Assert.Equal(WeightUnit.Kilogram, moving.Unit);
        Assert.True(stable.IsStable);
        Assert.Equal(0.5m, stable.Value);
        Assert.True(rig.Device.Received.Count(c => c == "ESC P") >= 3);
    }

    [Fact]
    public async Task Never_stable_is_NotStable()
    {
        await using var rig = Start(new Script { Settles = false });

        Assert.Equal(ScaleFault.NotStable, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMilliseconds(400)))).Fault);
    }

    [Theory]
    [InlineData(DeviceFault.Overload, false, ScaleFault.Overload)]
    [InlineData(DeviceFault.Underload, true, ScaleFault.Underload)]
    [InlineData(DeviceFault.Error, false, ScaleFault.DeviceError)]
    [InlineData(DeviceFault.Error, true, ScaleFault.DeviceError)]
    public async Task H_L_and_Err_are_typed(DeviceFault device, bool withId, ScaleFault expected)
    {
        await using var rig = Start(new Script { Fault = device, WithId = withId });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync());

        Assert.Equal(expected, e.Fault);
    }

    [Theory]
    [InlineData("   079")]
    [InlineData("0.090")]
    [InlineData("WZA8202-N")]
    [InlineData("SerNo.    0031801165")]
    public async Task Identity_lines_before_the_frame_are_not_read_as_weights(string identity)
    {
        // Identity replies interleaved with print frames: GraysonBellamy/sartoriuslib, tests/unit/protocol/sbi/test_parser.py.
        await using var rig = Start(new Script { Value = 12.5m, Before = identity });

        var reading = await rig.Scale.ReadAsync();

        Assert.Equal(12.5m, reading.Value);
        Assert.True(reading.IsStable);
    }

    [Theory]
    [InlineData("Stat     Cal.Int.", ScaleFault.DeviceError)]
    [InlineData("Stat High", ScaleFault.Overload)]
    [InlineData("Stat Low", ScaleFault.Underload)]
    [InlineData("APP. ERR", ScaleFault.DeviceError)]
    public async Task Status_lines_end_the_read_with_their_fault(string status, ScaleFault expected)
    {
        await using var rig = Start(new Script { Instead = status });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(expected, e.Fault);
        Assert.Contains(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_mark_frame_is_unstable_and_milligrams_are_grams()
    {
        await using var rig = Start(new Script { Instead = "?+   1250.0 mg " });

        var reading = await rig.Scale.ReadAsync();

        Assert.False(reading.IsStable);
        Assert.Equal(WeightUnit.Gram, reading.Unit);
        Assert.Equal(1.25m, reading.Value);
    }

    [Fact]
    public async Task ESC_T_tares()
    {
        await using var rig = Start(new Script { Value = 99m });

        await rig.Scale.TareAsync();

        Assert.Equal(0m, (await rig.Scale.ReadAsync()).Value);
        Assert.Contains("ESC T", rig.Device.Received);
        Assert.Equal(ScaleFault.NotSupported, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ZeroAsync())).Fault);
    }

    [Fact]
    public async Task Continuous_print_is_read_in_stream_mode()
    {
        await using var rig = Start(new Script { Value = 7.5m, Decimals = 1, Settles = false }, new Dictionary<string, string?> { ["Mode"] = "stream", ["BaudRate"] = "1200", ["DataBits"] = "7", ["Parity"] = "odd" }, streaming: true);

        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        var sent = rig.Device.Sent;
        await rig.Device.WhenAsync(d => d.Sent >= sent + 3, "3 more moving frames");
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var reading = await pending;

        Assert.Equal(7.5m, reading.Value);
        Assert.DoesNotContain("ESC P", rig.Device.Received);
    }

    [Fact]
    public async Task Silent_noise_and_unplugged_are_typed()
    {
        var fast = new Dictionary<string, string?> { ["ReplyTimeout"] = "00:00:00.300" };
        // Noise and an unplug must arrive within the reply timeout to be told from silence: a generous bound for loaded machines.
        var bounded = new Dictionary<string, string?> { ["ReplyTimeout"] = "00:00:02" };
        await using (var rig = Start(new Script { Fault = DeviceFault.Silent }, fast))
        {
            Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        }

        await using (var rig = Start(new Script { Fault = DeviceFault.Garbage }, bounded))
        {
            Assert.Equal(ScaleFault.Garbage, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        }

        await using (var rig = Start(new Script { Fault = DeviceFault.Unplug }, bounded))
        {
            Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(2)))).Fault);
        }
    }
}
