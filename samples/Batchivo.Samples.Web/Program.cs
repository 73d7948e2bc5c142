using Batchivo.Samples.Web;

// The host starts again, on its configured addresses, when the first API key is created while it listens on
// loopback only (WebApp.RestartRequested).
bool again;
do
{
    var app = WebApp.Create(args);
    await using (app.ConfigureAwait(false))
    {
        // RunAsync would dispose the app's services before they can be asked whether to start again.
        await app.StartAsync().ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        again = WebApp.RestartRequested(app);
    }
}
while (again);

/// <summary>The entry point, visible to the tests' host.</summary>
public partial class Program;
