using Microsoft.EntityFrameworkCore;

namespace Batchivo.Storage.EntityFrameworkCore;

public sealed partial class EfProductionStore
{
    private const int OutcomeAttempts = 3;

    /// <inheritdoc />
    /// <remarks>
    /// When the connection to the database is lost during the commit (<see cref="StoreConnectionLostException"/>, e.g.
    /// the server stopped after it received the COMMIT), whether the set was stored is not known from the error: the
    /// store reads the versions of the set's entities again on a new connection. All written: the commit succeeded and
    /// returns normally. None written: the <see cref="StoreConnectionLostException"/> (nothing was stored). Neither can
    /// be read: <see cref="CommitOutcomeUnknownException"/>, naming what to check.
    /// </remarks>
    async Task IProductionStore.WriteChangesAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        try
        {
            await CommitOnceAsync(changes, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException conflict)
        {
            StoreLog.ConcurrencyConflict(Logger, Provider.Description, conflict.Entity, conflict.Key, conflict.ExpectedVersion);
            throw;
        }
        catch (DuplicateKeyException duplicate)
        {
            StoreLog.DuplicateKey(Logger, Provider.Description, duplicate.Message);
            throw;
        }
        catch (StoreConnectionLostException lost)
        {
            switch (await ReadOutcomeAsync(changes).ConfigureAwait(false))
            {
                case true:
                    return;
                case false:
                    throw;
                default:
                    throw new CommitOutcomeUnknownException(Provider.Description, Describe(changes), lost);
            }
        }
    }

    /// <summary>True when every entity of the set is stored at its new version, false when none is, null when that cannot be read (or is mixed).</summary>
    private async Task<bool?> ReadOutcomeAsync(ChangeSet changes)
    {
        for (var attempt = 1; attempt <= OutcomeAttempts; attempt++)
        {
            try
            {
                var db = _contexts.CreateDbContext();
                await using (db.ConfigureAwait(false))
                {
                    var written = new List<bool>();
                    foreach (var run in changes.Runs)
                    {
                        written.Add(Written(run.Version, await db.Runs.AsNoTracking().Where(r => r.Id == run.Id.Value).Select(r => (long?)r.Version).FirstOrDefaultAsync().ConfigureAwait(false)));
                    }

                    foreach (var spool in changes.Spools)
                    {
                        written.Add(Written(spool.Version, await db.Spools.AsNoTracking().Where(r => r.Id == spool.Id.Value).Select(r => (long?)r.Version).FirstOrDefaultAsync().ConfigureAwait(false)));
                    }

                    foreach (var product in changes.Products)
                    {
                        written.Add(Written(product.Version, await db.Products.AsNoTracking().Where(r => r.Id == product.Id.Value).Select(r => (long?)r.Version).FirstOrDefaultAsync().ConfigureAwait(false)));
                    }

                    foreach (var printer in changes.Printers)
                    {
                        written.Add(Written(printer.Version, await db.Printers.AsNoTracking().Where(r => r.Id == printer.Id.Value).Select(r => (long?)r.Version).FirstOrDefaultAsync().ConfigureAwait(false)));
                    }

                    // Brand tares carry no version: one stored with the new figure may be this commit's or an earlier one's.
                    return written.Count > 0 && changes.BrandTares.Count == 0 && (written.All(w => w) || written.All(w => !w))
                        ? written[0]
                        : null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && (e is StoreConnectionLostException || Provider.TranslateError(e) is not null))
            {
                // The server may be restarting: a few attempts, a moment apart.
                if (attempt < OutcomeAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt)).ConfigureAwait(false);
                }
            }
        }

        return null;
    }

    /// <summary>Whether the commit wrote an entity read at <paramref name="read"/> (0: new), given the version stored now (null: no row).</summary>
    private static bool Written(long read, long? stored) => stored == read + 1;

    private static string Describe(ChangeSet changes) =>
        string.Join(", ", changes.Runs.Select(r => $"run #{r.Number}")
            .Concat(changes.Spools.Select(s => $"spool {s.Code}"))
            .Concat(changes.Products.Select(p => $"product {p.Sku}"))
            .Concat(changes.Printers.Select(p => $"printer {p.Name}"))
            .Concat(changes.BrandTares.Select(t => $"brand tare {t.Brand}")));
}
