namespace Batchivo.Samples.Web.Security;

/// <summary>
/// While the host listens on loopback only because no API key exists, watches the key file: once a key is created
/// (<c>batchivo keys add</c>), the host stops and <c>Program</c> starts it again on the configured addresses, so
/// nobody has to restart it by hand.
/// </summary>
internal sealed partial class FirstKeyWatch(ApiKeyFile keys, bool loopbackOnly, string urls, IHostApplicationLifetime lifetime, ILogger<FirstKeyWatch> log) : BackgroundService
{
    /// <summary>How often the key file is read while no key exists.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>True once the host stopped to start again on <c>urls</c>.</summary>
    public bool RestartRequested { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!loopbackOnly)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            bool created;
            try
            {
                created = keys.HasActiveKeys();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BatchivoException)
            {
                // A file being written or unreadable now: read it again at the next tick.
                continue;
            }

            if (created)
            {
                LogRestarting(log, urls);
                RestartRequested = true;
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An API key exists now: the host restarts to listen on {Urls}")]
    private static partial void LogRestarting(ILogger logger, string urls);
}
