using Batchivo.Devices;
using Batchivo.Scales.Serial.Tests.Support;

namespace Batchivo.Scales.Serial.Tests.Drivers;

/// <summary>The Kern driver against a Kern emulator on a real pseudo-terminal.</summary>
public sealed class KernScaleTests
{
    private static ScaleRig<KernEmulator> Start(Script? script = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        ScaleRig<KernEmulator>.Start(SerialScalePlugin.Kern, p => new KernEmulator(p), script, settings);

    [Theory]
    [InlineData("g", WeightUnit.Gram)]
    [InlineData("kg", WeightUnit.Kilogram)]
    [InlineData("lb", WeightUnit.Pound)]
    [InlineData("oz", WeightUnit.Ounce)]
    public async Task w_reads_an_18_character_frame(string unit, WeightUnit expected)
    {
        await using var rig = Start(new Script { Value = 1234.5m, Decimals = 1, Unit = unit });

        var reading = await rig.Scale.ReadAsync();

        Assert.Equal(1234.5m, reading.Value);
        Assert.Equal(expected, reading.Unit);
        Assert.True(reading.IsStable);
        Assert.Contains("w", rig.Device.Received);
    }

    [Fact]
    public async Task s_is_answered_once_the_weight_settles()
    {
        await using var rig = Start(new Script { Value = 850m, Settles = false });

        Assert.False((await rig.Scale.ReadAsync()).IsStable);
        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        await rig.Device.ReceivedAsync("s");
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var reading = await pending;

        Assert.True(reading.IsStable);
        Assert.Equal(850m, reading.Value);
        Assert.Contains("s", rig.Device.Received);
    }

    [Fact]
    public async Task No_answer_to_s_while_w_answers_moving_is_NotStable()
    {
        await using var rig = Start(new Script { Settles = false });

        Assert.Equal(ScaleFault.NotStable, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMilliseconds(400)))).Fault);
    }

    [Fact]
    public async Task Error_frames_are_device_errors()
    {
        await using var rig = Start(new Script { Fault = DeviceFault.Error });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync());

        Assert.Equal(ScaleFault.DeviceError, e.Fault);
        Assert.Contains("Error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task t_tares()
    {
        await using var rig = Start(new Script { Value = 33m });

        await rig.Scale.TareAsync();

        Assert.Equal(0m, (await rig.Scale.ReadAsync()).Value);
        Assert.Contains("t", rig.Device.Received);
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
            Assert.Equal(ScaleFault.NoReply, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMilliseconds(300)))).Fault);
        }

        await using (var rig = Start(new Script { Fault = DeviceFault.Garbage }, bounded))
        {
            Assert.Equal(ScaleFault.Garbage, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        }

        await using (var rig = Start(new Script { Fault = DeviceFault.Unplug }, bounded))
        {
            Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        }
    }
}
