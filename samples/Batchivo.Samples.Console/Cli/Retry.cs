using Batchivo.Hosting;
using Polly;

namespace Batchivo.Samples.Console;

/// <summary>
/// Retries of commands that only add a weighing or an outcome, with Batchivo's conflict retry
/// (<see cref="BatchivoResilience"/>): when another writer changed the same spool or run between this command's read and
/// its write (a <see cref="ConcurrencyConflictException"/>, nothing stored), the write is tried again a few times after a
/// short random pause. Each try calls the service again, which reads the current state first, so a retry never writes
/// over the other writer's change; the domain's rules are checked again on what is stored now. After the last try the
/// conflict is reported as before.
/// </summary>
internal static class Retry
{
    /// <summary>How many times a conflicting write is tried again.</summary>
    public const int Attempts = ConflictRetryOptions.DefaultMaxRetryAttempts;

    private static readonly ResiliencePipeline Conflicts = BatchivoResilience.ConflictRetry();

    /// <summary>Runs <paramref name="write"/>, again after a pause when it ends in a concurrency conflict.</summary>
    public static async Task<T> OnConflictAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        await Conflicts.ExecuteAsync(async token => await write(token), cancellationToken);
}
