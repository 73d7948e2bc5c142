using Batchivo.Diagnostics;

namespace Batchivo.Samples.Web.Feed;

/// <summary>
/// Batchivo's domain events, told after each commit this host makes (an API call, a dashboard form, the printer
/// tracker), wake the live feed: it reads the change log at once and its subscribers see the change without waiting
/// for the next poll. The feed's items still come from the change log, so their ids (the log's sequence) and a
/// reconnecting client's catch-up are the same for this host's changes and other processes'.
/// </summary>
internal sealed class FeedWakeUp(ChangeFeed feed) : IBatchivoEventSubscriber
{
    public Task OnEventAsync(BatchivoEvent batchivoEvent, CancellationToken cancellationToken)
    {
        feed.WakeUp();
        return Task.CompletedTask;
    }
}
