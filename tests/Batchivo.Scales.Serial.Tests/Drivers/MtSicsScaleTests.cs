using Batchivo.Plugins;
using Batchivo.Devices;
using Batchivo.Scales.Serial.Tests.Support;

namespace Batchivo.Scales.Serial.Tests.Drivers;

/// <summary>The MT-SICS driver against an MT-SICS emulator on a real pseudo-terminal.</summary>
public sealed class MtSicsScaleTests
{
    private static ScaleRig<MtSicsEmulator> Start(Script? script = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        ScaleRig<MtSicsEmulator>.Start(SerialScalePlugin.MtSics, p => new MtSicsEmulator(p), script, settings);

    [Theory]
    [InlineData("g", 2, 123.45, WeightUnit.Gram)]
    [InlineData("kg", 3, 1.234, WeightUnit.Kilogram)]
    [InlineData("lb", 4, 2.2046, WeightUnit.Pound)]
    [InlineData("oz", 2, -0.35, WeightUnit.Ounce)]
    public async Task SI_reads_the_value_and_unit_and_the_identity_comes_from_I2_and_I4(string unit, int decimals, double value, WeightUnit expected)
    {
        await using var rig = Start(new Script { Value = (decimal)value, Decimals = decimals, Unit = unit });

        var reading = await rig.Scale.ReadAsync();

        Assert.Equal((decimal)value, reading.Value);
        Assert.Equal(expected, reading.Unit);
        Assert.True(reading.IsStable);
        Assert.Contains("SI", rig.Device.Received);
        Assert.Equal("XS204 Excellence 220.0090 g", rig.Scale.Identity.Model);
        Assert.Equal("B021002593", rig.Scale.Identity.SerialNumber);
        Assert.Equal("mt-sics", rig.Scale.Identity.Driver);
    }

    [Fact]
    public async Task SI_reports_a_dynamic_weight_as_unstable()
    {
        await using var rig = Start(new Script { Settles = false });

        var reading = await rig.Scale.ReadAsync();

        Assert.False(reading.IsStable);
    }

    [Fact]
    public async Task S_is_asked_again_after_S_I_until_the_weight_settles()
    {
        await using var rig = Start(new Script { Value = 850.4m, Settles = false });

        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        await rig.Device.ReceivedAsync("S", times: 2);
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var reading = await pending;

        Assert.True(reading.IsStable);
        Assert.Equal(850.4m, reading.Value);
        Assert.True(rig.Device.Received.Count(c => c == "S") >= 2, string.Join(",", rig.Device.Received));
    }

    [Fact]
    public async Task S_held_by_the_device_until_it_settles_is_answered_stable()
    {
        await using var rig = Start(new Script { Value = 850.4m, Settles = false, HoldStableRequests = true });

        var pending = rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(30));
        await rig.Device.ReceivedAsync("S");
        rig.Device.Script = rig.Device.Script with { Settles = true };
        var reading = await pending;

        Assert.True(reading.IsStable);
        Assert.Equal(850.4m, reading.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_weight_that_never_settles_is_NotStable_once_the_timeout_passed(bool held)
    {
        await using var rig = Start(new Script { Settles = false, HoldStableRequests = held });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMilliseconds(400)));

        Assert.Equal(ScaleFault.NotStable, e.Fault);
        Assert.Contains("stable", e.Message, StringComparison.Ordinal);
        if (held)
        {
            // Silence after S is told apart from a dead device by asking for any weight.
            Assert.Contains("SI", rig.Device.Received);
        }
    }

    [Theory]
    [InlineData(DeviceFault.Overload, ScaleFault.Overload)]
    [InlineData(DeviceFault.Underload, ScaleFault.Underload)]
    public async Task S_plus_and_S_minus_are_overload_and_underload_for_every_read(DeviceFault device, ScaleFault expected)
    {
        await using var rig = Start(new Script { Fault = device });

        Assert.Equal(expected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        Assert.Equal(expected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(2)))).Fault);
        Assert.Equal(expected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.TareAsync())).Fault);
        Assert.Equal(expected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ZeroAsync())).Fault);
    }

    [Theory]
    [InlineData("ES", ScaleFault.NotSupported)]
    [InlineData("ET", ScaleFault.DeviceError)]
    [InlineData("EL", ScaleFault.DeviceError)]
    public async Task General_error_replies_are_typed(string reply, ScaleFault expected)
    {
        await using var rig = Start(new Script { Fault = DeviceFault.Error, ErrorReply = reply });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync());

        Assert.Equal(expected, e.Fault);
        Assert.Contains(reply, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task T_tares_and_the_next_weight_is_net()
    {
        await using var rig = Start(new Script { Value = 250m });

        await rig.Scale.TareAsync();
        var reading = await rig.Scale.ReadAsync();

        Assert.Equal(0m, reading.Value);
        Assert.Contains("T", rig.Device.Received);
    }

    [Fact]
    public async Task T_I_and_Z_I_while_the_weight_moves_are_NotStable()
    {
        await using var rig = Start(new Script { Settles = false });

        Assert.Equal(ScaleFault.NotStable, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.TareAsync())).Fault);
        Assert.Equal(ScaleFault.NotStable, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ZeroAsync())).Fault);
    }

    [Fact]
    public async Task Z_zeroes_with_Z_A()
    {
        await using var rig = Start(new Script { Value = 12.5m });

        await rig.Scale.ZeroAsync();

        Assert.Equal(0m, (await rig.Scale.ReadAsync()).Value);
        Assert.Contains("Z", rig.Device.Received);
    }

    [Fact]
    public async Task A_silent_device_is_NoReply_within_the_reply_timeout()
    {
        await using var rig = Start(new Script { Fault = DeviceFault.Silent }, new Dictionary<string, string?> { ["ReplyTimeout"] = "00:00:00.300" });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync());

        Assert.Equal(ScaleFault.NoReply, e.Fault);
        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_sending_only_noise_is_Garbage()
    {
        // The noise must arrive within the reply timeout to be told from silence: a generous bound for loaded machines.
        await using var rig = Start(new Script { Fault = DeviceFault.Garbage }, new Dictionary<string, string?> { ["ReplyTimeout"] = "00:00:02" });

        var e = await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync());

        Assert.Equal(ScaleFault.Garbage, e.Fault);
    }

    [Fact]
    public async Task A_device_unplugged_mid_reply_is_Disconnected_and_stays_so()
    {
        await using var rig = Start();
        Assert.Equal(123.45m, (await rig.Scale.ReadAsync()).Value);

        rig.Device.Script = new Script { Fault = DeviceFault.Unplug };

        Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadAsync())).Fault);
        Assert.True(rig.Device.Pty.IsClosed);
        // The port is gone: opening it again fails, typed too.
        Assert.Equal(ScaleFault.Disconnected, (await Assert.ThrowsAsync<ScaleException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromSeconds(1)))).Fault);
    }

    [Fact]
    public async Task A_stable_wait_is_cancellable()
    {
        await using var rig = Start(new Script { Settles = false, HoldStableRequests = true });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Scale.ReadStableAsync(TimeSpan.FromMinutes(5), cts.Token));
    }

    [Fact]
    public async Task A_port_that_does_not_exist_is_Disconnected_with_what_to_check()
    {
        await using var scale = SerialScales.Create(new ScaleSettings("bench", "mt-sics", PluginSettings.Of(new Dictionary<string, string?> { ["Port"] = "/dev/batchivo-no-such-port" })), TimeProvider.System);

        var e = await Assert.ThrowsAsync<ScaleException>(() => scale.ReadAsync());

        Assert.Equal(ScaleFault.Disconnected, e.Fault);
        Assert.Contains("/dev/batchivo-no-such-port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_scale_refuses_calls()
    {
        var rig = Start();
        await rig.Scale.ReadAsync();
        await rig.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => rig.Scale.ReadAsync());
    }
}
