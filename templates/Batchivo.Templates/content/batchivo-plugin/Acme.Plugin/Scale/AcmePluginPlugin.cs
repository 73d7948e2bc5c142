using Batchivo;
using Batchivo.Devices;
using Batchivo.Plugins;

namespace Acme.Plugin;

/// <summary>The plugin: registers the scale driver <c>acme-plugin</c>.</summary>
public sealed class AcmePluginPlugin : IBatchivoPlugin
{
    /// <summary>The driver's name, as a host's configuration selects it (<c>"Driver": "acme-plugin"</c>).</summary>
    public const string Driver = "acme-plugin";

    /// <inheritdoc />
    public PluginInfo Info { get; } = new("Acme.Plugin", PluginVersion.Of(typeof(AcmePluginPlugin)), PluginContract.Version, "The acme-plugin scale driver.");

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddScaleDriver(Driver, (services, settings) =>
        {
            var options = PluginSettings.Bind(settings.Settings, new AcmePluginScaleOptions(), (_, problem) => new ScaleException(ScaleFault.DeviceError, $"Scale {settings.Name} ({Driver}): {problem}"));
            return new AcmePluginScale(settings.Name, new AcmePluginFileLink(options.Device), options.ReplyTimeout, TimeProvider.System);
        });
    }
}

/// <summary>The scale's settings, e.g. <c>"Settings": { "Device": "/run/acme/scale" }</c>.</summary>
public sealed class AcmePluginScaleOptions
{
    /// <summary>The file the device writes its current frame to.</summary>
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Device is required: the path of the file the scale writes its frames to.")]
    public string Device { get; set; } = "";

    /// <summary>How long one read waits for the device.</summary>
    /// <value>Default: 2 seconds.</value>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
