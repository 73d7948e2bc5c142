using System.Runtime.CompilerServices;
using System.Text.Json;
using Batchivo.Devices;

namespace Acme.Plugin;

/// <summary>One job as the printer keeps it.</summary>
/// <param name="Id">The printer's own id of the job: the same for ever.</param>
/// <param name="FileName">The job's file.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="End">How it ended, or null while it runs.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record AcmePluginJob(string Id, string FileName, DateTimeOffset StartedAt, PrinterJobEventKind? End = null, DateTimeOffset? EndedAt = null);

/// <summary>
/// The connection to the printer (HTTP, MQTT, a websocket). Replace <see cref="AcmePluginFileLink"/> with your
/// printer's; the tests give the connector an emulated printer through this interface.
/// </summary>
public interface IAcmePluginLink
{
    /// <summary>The printer's jobs, oldest first: those it keeps in its history and the running one.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The jobs.</returns>
    /// <exception cref="IOException">The printer does not answer.</exception>
    Task<IReadOnlyList<AcmePluginJob>> GetJobsAsync(CancellationToken cancellationToken);
}

/// <summary>The connector: a status from the running job, and a watch that polls the printer's jobs.</summary>
/// <param name="printer">The printer's name in the catalog.</param>
/// <param name="link">The connection.</param>
/// <param name="time">The clock.</param>
public sealed class AcmePluginConnector(string printer, IAcmePluginLink link, TimeProvider time) : IPrinterConnector
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public async Task<PrinterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var jobs = await JobsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return jobs.LastOrDefault(j => j.End is null) is { } running
            ? new PrinterStatus(PrinterActivity.Printing, new PrinterJob(running.FileName, 0m, now - running.StartedAt, null, null, running.Id), now)
            : new PrinterStatus(PrinterActivity.Idle, null, now);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PrinterJobEvent> WatchAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = new HashSet<string>(StringComparer.Ordinal);
        var ended = new HashSet<string>(StringComparer.Ordinal);
        var first = true;
        while (true)
        {
            foreach (var job in await JobsAsync(cancellationToken).ConfigureAwait(false))
            {
                // On the first look, jobs from before `since` (or every ended job when there is no `since`) are old news.
                if (first && (since is null ? job.End is not null : job.StartedAt < since && (job.EndedAt is null || job.EndedAt < since)))
                {
                    started.Add(job.Id);
                    ended.Add(job.Id);
                    continue;
                }

                if (started.Add(job.Id))
                {
                    yield return new PrinterJobEvent(PrinterJobEventKind.Started, job.Id, job.FileName, job.StartedAt, FromHistory: first && job.End is not null);
                }

                if (job.End is { } end && ended.Add(job.Id))
                {
                    yield return new PrinterJobEvent(end, job.Id, job.FileName, job.EndedAt ?? time.GetUtcNow(), FromHistory: first);
                }
            }

            first = false;
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<IReadOnlyList<AcmePluginJob>> JobsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await link.GetJobsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new PrinterException(PrinterFault.Unreachable, $"Printer {printer} ({AcmePluginPlugin.Connector}) does not answer: {e.Message} Check that it is on and reachable.", e);
        }
        catch (JsonException e)
        {
            throw new PrinterException(PrinterFault.Protocol, $"Printer {printer} ({AcmePluginPlugin.Connector}) sent a malformed answer: {e.Message}", e);
        }
    }
}

/// <summary>A link to a printer that publishes its jobs as a JSON array of <see cref="AcmePluginJob"/> in a file.</summary>
/// <param name="path">The file.</param>
public sealed class AcmePluginFileLink(string path) : IAcmePluginLink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AcmePluginJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"{path} does not exist.");
        }

        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<AcmePluginJob>>(file, Json, cancellationToken).ConfigureAwait(false) ?? [];
    }
}
