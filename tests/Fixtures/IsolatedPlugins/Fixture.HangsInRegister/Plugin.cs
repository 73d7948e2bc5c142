using Batchivo.Plugins;

namespace Fixture.HangsInRegister;

public sealed class Plugin : IBatchivoPlugin
{
    public PluginInfo Info => new("Fixture.HangsInRegister", "1.0.0", PluginContract.Version, "Fixture: Register never returns.");

    // Waits for the gate the test puts in AppContext (it releases it when done), at most two minutes without one.
    public void Register(IPluginRegistry registry) => Gate.Wait("Fixture.HangsInRegister.Gate");
}

internal static class Gate
{
    public static void Wait(string name)
    {
        if (AppContext.GetData(name) is WaitHandle gate)
        {
            gate.WaitOne(TimeSpan.FromMinutes(2));
        }
        else
        {
            Thread.Sleep(TimeSpan.FromMinutes(2));
        }
    }
}
