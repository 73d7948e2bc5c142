using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// Sartorius SBI: <c>ESC P</c> asks for a print frame (stable when it carries a unit), <c>ESC T</c> tares; or, in
/// <see cref="SerialScaleMode.Stream"/> mode, the continuous print frames are read as they come.
/// </summary>
internal sealed class SartoriusSbiScale(string name, SerialScaleOptions options, TimeProvider time)
    : SerialScale(name, SerialScalePlugin.SartoriusSbi, options, time)
{
    private const string Print = "\u001bP";
    private const string TareCommand = "\u001bT";

    public override ScaleCapabilities Capabilities => ScaleCapabilities.Tare;

    protected override ScaleFrame Parse(string line) => SartoriusSbiFrames.Parse(line);

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

    /// <remarks>SBI does not acknowledge <c>ESC T</c>: the command is sent, and the next weight shows the result.</remarks>
    protected override Task TareCoreAsync(SerialLink link, CancellationToken cancellationToken) =>
        SendAsync(link, TareCommand, cancellationToken);

    private void Prepare(SerialLink link)
    {
        if (Options.Mode == SerialScaleMode.Stream)
        {
            link.DiscardInput(resync: true);
        }
    }

    private async Task<ScaleFrame> NextAsync(SerialLink link, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Options.Mode == SerialScaleMode.Request)
        {
            await SendAsync(link, Print, cancellationToken).ConfigureAwait(false);
        }

        return await ReceiveAsync(link, timeout, f => f is WeightFrame or FaultFrame, cancellationToken).ConfigureAwait(false);
    }
}
