using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>Kern balances: <c>w</c> for any weight, <c>s</c> for a stable one, <c>t</c> to tare (single characters, no line end).</summary>
internal sealed class KernScale(string name, SerialScaleOptions options, TimeProvider time)
    : SerialScale(name, SerialScalePlugin.Kern, options, time)
{
    public override ScaleCapabilities Capabilities => ScaleCapabilities.Tare;

    protected override ScaleFrame Parse(string line) => KernFrames.Parse(line);

    protected override async Task<ScaleReading> ReadCoreAsync(SerialLink link, CancellationToken cancellationToken)
    {
        await SendAsync(link, "w", cancellationToken).ConfigureAwait(false);
        return await ReceiveAsync(link, Options.ReplyTimeout, f => f is WeightFrame or FaultFrame, cancellationToken).ConfigureAwait(false) switch
        {
            WeightFrame weight => ToReading(weight, weight.IsStable == true),
            FaultFrame fault => throw Fail(fault),
            var other => throw new ScaleException(ScaleFault.Garbage, $"{Describe} sent '{other.Text}', which is not a weight."),
        };
    }

    protected override Task<ScaleReading> ReadStableCoreAsync(SerialLink link, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadStableByCommandAsync(link, timeout, "s", f => f is WeightFrame or FaultFrame, cancellationToken);

    /// <remarks>Kern does not acknowledge <c>t</c>: the command is sent, and the next weight shows the result.</remarks>
    protected override Task TareCoreAsync(SerialLink link, CancellationToken cancellationToken) =>
        SendAsync(link, "t", cancellationToken);
}
