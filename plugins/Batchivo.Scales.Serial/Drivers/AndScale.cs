using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// A&amp;D-style indicators: <c>ST/US/QT/OL</c> frames with or without <c>GS/NT</c>, streamed (the default) or
/// asked for with <see cref="SerialScaleOptions.Request"/>. Stable after <c>ST</c>, or after
/// <see cref="SerialScaleOptions.StableReadings"/> equal readings when the frame cannot say.
/// </summary>
internal sealed class AndScale(string name, SerialScaleOptions options, TimeProvider time)
    : SerialScale(name, SerialScalePlugin.And, options, time)
{
    public override ScaleCapabilities Capabilities => ScaleCapabilities.None;

    protected override ScaleFrame Parse(string line) => AndFrames.Parse(line);

    /// <remarks>
    /// A frame that cannot say whether it is stable (no <c>ST/US</c>, or <see cref="StabilityRule.EqualReadings"/>) is
    /// followed by up to <see cref="SerialScaleOptions.StableReadings"/> - 1 more while they stay equal, so that the
    /// reading's stability means the same as for devices that can say.
    /// </remarks>
    protected override async Task<ScaleReading> ReadCoreAsync(SerialLink link, CancellationToken cancellationToken)
    {
        Prepare(link);
        var judge = new StabilityJudge(Options);
        for (var count = 1; ; count++)
        {
            switch (await NextAsync(link, Options.ReplyTimeout, cancellationToken).ConfigureAwait(false))
            {
                case FaultFrame fault:
                    throw Fail(fault);
                case WeightFrame weight:
                    var stable = judge.IsStable(weight);
                    var counting = Options.Stability == StabilityRule.EqualReadings || weight.IsStable is null;
                    if (!counting || stable || judge.Run < count || count >= Options.StableReadings)
                    {
                        return ToReading(weight, stable);
                    }

                    break;
                case var other:
                    throw new ScaleException(ScaleFault.Garbage, $"{Describe} sent '{other.Text}', which is not a weight.");
            }
        }
    }

    protected override Task<ScaleReading> ReadStableCoreAsync(SerialLink link, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Prepare(link);
        return ReadStableFromFramesAsync(link, timeout, NextAsync, Options.Mode == SerialScaleMode.Request ? Options.PollInterval : TimeSpan.Zero, cancellationToken);
    }

    private void Prepare(SerialLink link)
    {
        if (Options.Mode == SerialScaleMode.Stream)
        {
            // The port buffered frames since the last call; drop them and the partial frame in flight.
            link.DiscardInput(resync: true);
        }
    }

    private async Task<ScaleFrame> NextAsync(SerialLink link, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Options.Mode == SerialScaleMode.Request)
        {
            await SendAsync(link, Options.Request + Options.NewLine, cancellationToken).ConfigureAwait(false);
        }

        return await ReceiveAsync(link, timeout, f => f is WeightFrame or FaultFrame, cancellationToken).ConfigureAwait(false);
    }
}
