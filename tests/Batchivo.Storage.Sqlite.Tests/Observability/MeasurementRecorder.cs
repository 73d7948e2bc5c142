using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Batchivo.Diagnostics;

namespace Batchivo.Storage.Sqlite.Tests.Observability;

/// <summary>One measurement of the Batchivo meter.</summary>
internal sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public override string ToString() =>
        $"{Instrument} = {Value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} {Unit} {{{string.Join(", ", Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}}}";
}

/// <summary>Listens to the meter named "Batchivo" (as an OpenTelemetry exporter would) and keeps every measurement.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeasurementRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BatchivoTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public ConcurrentQueue<Measured> All { get; } = new();

    /// <summary>The measurements tagged with this printer (those of one test's runs).</summary>
    public IReadOnlyList<Measured> OfPrinter(string printer) =>
        [.. All.Where(m => m.Tags.TryGetValue("batchivo.printer", out var p) && Equals(p, printer))];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        All.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
    }
}
