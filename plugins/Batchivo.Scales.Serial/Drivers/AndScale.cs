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
    protected override ScaleFrame Parse(string line) => AndFrames.Parse(line);

    protected override async Task<ScaleReading> ReadCoreAsync(SerialLink link, CancellationToken cancellationToken)
    {
        Prepare(link);
        return await NextAsync(link, Options.ReplyTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            WeightFrame weight => ToReading(weight, Options.Stability == StabilityRule.Auto && weight.IsStable == true),
            FaultFrame fault => throw Fail(fault),
            var other => throw new ScaleException(ScaleFault.Garbage, $"{Describe} sent '{other.Text}', which is not a weight."),
        };
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
