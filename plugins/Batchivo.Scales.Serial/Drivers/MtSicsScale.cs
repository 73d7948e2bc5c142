using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// Mettler Toledo MT-SICS: <c>SI</c> for any weight, <c>S</c> for a stable one, <c>T</c> to tare, <c>Z</c> to zero,
/// <c>I2</c> and <c>I4</c> for the model and serial number (asked once, when the port opens).
/// </summary>
internal sealed class MtSicsScale(string name, SerialScaleOptions options, TimeProvider time)
    : SerialScale(name, SerialScalePlugin.MtSics, options, time)
{
    public override ScaleCapabilities Capabilities => ScaleCapabilities.Tare | ScaleCapabilities.Zero;

    protected override ScaleFrame Parse(string line) => MtSicsFrames.Parse(line);

    protected override async Task OnConnectedAsync(SerialLink link, CancellationToken cancellationToken)
    {
        var (model, answered) = await AskAsync(link, "I2", cancellationToken).ConfigureAwait(false);
        // A device that did not answer I2 will not answer I4 either: don't wait twice before the weighing fails.
        var serial = answered ? (await AskAsync(link, "I4", cancellationToken).ConfigureAwait(false)).Data : null;
        Identity = Identity with { Model = model, SerialNumber = serial };
    }

    protected override async Task<ScaleReading> ReadCoreAsync(SerialLink link, CancellationToken cancellationToken)
    {
        await SendAsync(link, "SI" + Options.NewLine, cancellationToken).ConfigureAwait(false);
        return await ReceiveAsync(link, Options.ReplyTimeout, f => Answers(f, "S"), cancellationToken).ConfigureAwait(false) switch
        {
            WeightFrame weight => ToReading(weight, weight.IsStable == true),
            FaultFrame fault => throw Fail(fault),
            var other => throw Unexpected(other),
        };
    }

    protected override Task<ScaleReading> ReadStableCoreAsync(SerialLink link, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadStableByCommandAsync(link, timeout, "S" + Options.NewLine, f => Answers(f, "S"), cancellationToken);

    protected override async Task TareCoreAsync(SerialLink link, CancellationToken cancellationToken)
    {
        await SendAsync(link, "T" + Options.NewLine, cancellationToken).ConfigureAwait(false);
        switch (await ReceiveAsync(link, Options.CommandTimeout, f => Answers(f, "T"), cancellationToken).ConfigureAwait(false))
        {
            case WeightFrame:
                return;
            case FaultFrame fault:
                throw Fail(fault);
            case var other:
                throw Unexpected(other);
        }
    }

    protected override async Task ZeroCoreAsync(SerialLink link, CancellationToken cancellationToken)
    {
        await SendAsync(link, "Z" + Options.NewLine, cancellationToken).ConfigureAwait(false);
        switch (await ReceiveAsync(link, Options.CommandTimeout, f => Answers(f, "Z"), cancellationToken).ConfigureAwait(false))
        {
            case AckFrame:
                return;
            case FaultFrame fault:
                throw Fail(fault);
            case var other:
                throw Unexpected(other);
        }
    }

    /// <summary>Whether a frame answers the command: its echo, or a general error (ES, ET, EL) that echoes nothing.</summary>
    private static bool Answers(ScaleFrame frame, string echo) => frame switch
    {
        WeightFrame w => w.Command == echo,
        AckFrame a => a.Command == echo,
        FaultFrame f => f.Command is null || f.Command == echo,
        _ => false,
    };

    /// <summary>The data of an identity command, or null when the device does not give it; and whether it answered at all.</summary>
    private async Task<(string? Data, bool Answered)> AskAsync(SerialLink link, string command, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(link, command + Options.NewLine, cancellationToken).ConfigureAwait(false);
            return await ReceiveAsync(link, Options.ReplyTimeout, f => Answers(f, command), cancellationToken).ConfigureAwait(false) is AckFrame { Data.Length: > 0 } ack
                ? (ack.Data, true)
                : (null, true);
        }
        catch (ScaleException e) when (e.Fault is ScaleFault.NoReply or ScaleFault.Garbage)
        {
            // The identity is a courtesy; a device that does not give it still weighs, and a dead one fails the weighing.
            return (null, false);
        }
    }

    private ScaleException Unexpected(ScaleFrame frame) =>
        new(ScaleFault.Garbage, $"{Describe} answered '{frame.Text}', which is not an answer to the command. Check that the scale speaks MT-SICS.");
}
