using Batchivo.Plugins;
using Batchivo.Storage;

namespace Fixture.Slicer;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.Slicer", "1.2.3", PluginContract.Version, "Fixture: a working plugin.");

    public void Register(IPluginRegistry registry)
    {
        registry.AddSlicerReader("fixture-slicer", _ => new FixtureSlicer());
    }
}

public sealed class FixtureSlicer : Batchivo.Devices.ISlicerFileReader
{
    public Task<Batchivo.Devices.SlicerReadResult> TryReadAsync(Stream content, string fileName, Batchivo.Devices.SlicerReadOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Batchivo.Devices.SlicerReadResult.Failed(Batchivo.Devices.SlicerReadOutcome.NotRecognised, $"{fileName} is not a fixture slicer file."));
}
