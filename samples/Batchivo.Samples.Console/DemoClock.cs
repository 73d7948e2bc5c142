namespace Batchivo.Samples.Console;

/// <summary>
/// The system clock, moved forward by hand so a 4.5-hour print does not take 4.5 hours. Timers still run on real
/// time, so a scale's settle time is waited for as usual.
/// </summary>
internal sealed class DemoClock(TimeSpan offset) : TimeProvider
{
    private TimeSpan _offset = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
