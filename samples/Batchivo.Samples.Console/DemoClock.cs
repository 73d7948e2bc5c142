namespace Batchivo.Samples.Console;

/// <summary>A clock the demo moves forward by hand, so a 4.5-hour print does not take 4.5 hours.</summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
