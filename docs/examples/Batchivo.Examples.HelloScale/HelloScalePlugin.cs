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
            // The scale's settings bound to its options class: unknown keys, unconvertible values and broken
            // validation rules become the driver's own typed error, naming the setting.
            var options = PluginSettings.Bind(settings.Settings, new HelloScaleOptions(), (_, problem) => new ScaleException(ScaleFault.DeviceError, $"Scale {settings.Name} (hello): {problem}"));
            return new HelloScale(settings.Name, options.Grams, TimeProvider.System);
        });
    }
}

/// <summary>The scale's settings, e.g. <c>"Settings": { "Grams": "850" }</c>.</summary>
public sealed class HelloScaleOptions
{
    /// <summary>The weight every read gives, in grams.</summary>
    /// <value>Default: 1000.</value>
    [System.ComponentModel.DataAnnotations.Range(typeof(decimal), "0", "100000", ErrorMessage = "Grams must be from 0 to 100000.")]
    public decimal Grams { get; set; } = 1000m;
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
