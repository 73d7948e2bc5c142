using Batchivo;
using Batchivo.Devices;
using Batchivo.Plugins;

namespace Batchivo.Examples.HelloScale;

/// <summary>The plugin: one public class with a parameterless constructor.</summary>
public sealed class HelloScalePlugin : IBatchivoPlugin
{
    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Batchivo.Examples.HelloScale", "1.0.0", PluginContract.Version, "A scale that always reads a fixed weight.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddScaleDriver("hello", (services, settings) =>
        {
            var grams = settings.Settings.TryGetValue("Grams", out var text) && decimal.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 1000m;
            return new HelloScale(settings.Name, grams, TimeProvider.System);
        });
    }
}

/// <summary>The scale: always stable, always the configured weight.</summary>
public sealed class HelloScale(string name, decimal grams, TimeProvider time) : IScale
{
    /// <inheritdoc />
    public ScaleIdentity Identity { get; } = new("hello", "Hello Scale", null, name);

    /// <inheritdoc />
    public Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new ScaleReading(grams, WeightUnit.Gram, IsStable: true, time.GetUtcNow()));

    /// <inheritdoc />
    public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => ReadAsync(cancellationToken);

    /// <inheritdoc />
    public Task TareAsync(CancellationToken cancellationToken = default) =>
        throw new ScaleException(ScaleFault.NotSupported, $"Scale {name} (hello) cannot tare.");

    /// <inheritdoc />
    public Task ZeroAsync(CancellationToken cancellationToken = default) =>
        throw new ScaleException(ScaleFault.NotSupported, $"Scale {name} (hello) cannot zero.");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
