using Batchivo.Plugins;

namespace Fixture.HangsInConstructor;

public sealed class Plugin : IBatchivoPlugin
{
    // Waits for the gate the test puts in AppContext (it releases it when done), at most two minutes without one.
    public Plugin()
    {
        if (AppContext.GetData("Fixture.HangsInConstructor.Gate") is WaitHandle gate)
        {
            gate.WaitOne(TimeSpan.FromMinutes(2));
        }
        else
        {
            Thread.Sleep(TimeSpan.FromMinutes(2));
        }
    }

    public PluginInfo Info => new("Fixture.HangsInConstructor", "1.0.0", PluginContract.Version, "Fixture: its constructor never returns.");

    public void Register(IPluginRegistry registry)
    {
    }
}
