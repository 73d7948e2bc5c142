using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;

namespace Batchivo.Storage;

/// <summary>Which runs to list.</summary>
/// <param name="From">Only runs active at or after this instant (by ended, else started, else created time).</param>
/// <param name="To">Only runs active before this instant.</param>
/// <param name="Status">Only runs in this status.</param>
/// <param name="PrinterId">Only runs on this printer.</param>
/// <param name="ProductId">Only runs with this product on the plate.</param>
/// <param name="Skip">Runs to skip (paging), ordered by number.</param>
/// <param name="Take">At most this many runs (paging); null for all.</param>
/// <param name="PrinterJobId">Only the run that follows this printer job id (see <see cref="ProductionRun.PrinterJob"/>); combine it with <paramref name="PrinterId"/>.</param>
public sealed record RunQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    RunStatus? Status = null,
    PrinterId? PrinterId = null,
    ProductId? ProductId = null,
    int Skip = 0,
    int? Take = null,
    string? PrinterJobId = null)
{
    /// <summary>True when the run matches every filter (paging aside). Stores may use it as the reference.</summary>
    /// <param name="run">The run.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var at = run.ActivityAt;
        return (From is null || at >= From)
            && (To is null || at < To)
            && (Status is null || run.Status == Status)
            && (PrinterId is null || run.PrinterId == PrinterId)
            && (ProductId is null || run.FindItem(ProductId.Value) is not null)
            && (PrinterJobId is null || run.PrinterJob?.JobId == PrinterJobId);
    }
}

/// <summary>
/// Where Batchivo keeps its catalog and runs. Implementations are plugins (SQLite, PostgreSQL, in-memory...).
/// A store persists what the domain decided; it never decides.
/// </summary>
/// <remarks>
/// <para>Every method may be called concurrently from several threads and processes; objects returned are new
/// copies owned by the caller.</para>
/// <para><b>Change log</b>: every commit also appends one <see cref="StoreChange"/> per entity it stores, in the
/// same transaction (see <see cref="ReadChangesAsync"/>).</para>
/// <para><b>Optimistic concurrency</b>: every entity carries the <c>Version</c> it was read at (0 when new).
/// <see cref="CommitAsync"/> stores an entity only if its stored version still equals that version, and stores it
/// with the version + 1. Otherwise it throws <see cref="ConcurrencyConflictException"/> and stores nothing of the
/// change set.</para>
/// </remarks>
public interface IProductionStore
{
    /// <summary>Finds a spool by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool, or null.</returns>
    Task<Spool?> FindSpoolAsync(SpoolId id, CancellationToken cancellationToken = default);

    /// <summary>Finds a spool by code (case-insensitive).</summary>
    /// <param name="code">The code, e.g. PLA-001.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spool, or null.</returns>
    Task<Spool?> FindSpoolByCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Lists all spools, ordered by code.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The spools.</returns>
    Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds a product by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product, or null.</returns>
    Task<Product?> FindProductAsync(ProductId id, CancellationToken cancellationToken = default);

    /// <summary>Finds a product by SKU (case-insensitive).</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The product, or null.</returns>
    Task<Product?> FindProductBySkuAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>Lists all products, ordered by SKU.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The products.</returns>
    Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds a printer by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printer, or null.</returns>
    Task<Printer?> FindPrinterAsync(PrinterId id, CancellationToken cancellationToken = default);

    /// <summary>Finds a printer by name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printer, or null.</returns>
    Task<Printer?> FindPrinterByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists all printers, ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The printers.</returns>
    Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the brand tares.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<BrandTare>> ListBrandTaresAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds a run by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or null.</returns>
    Task<ProductionRun?> FindRunAsync(RunId id, CancellationToken cancellationToken = default);

    /// <summary>Finds a run by number.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or null.</returns>
    Task<ProductionRun?> FindRunByNumberAsync(int number, CancellationToken cancellationToken = default);

    /// <summary>Lists runs matching a query, ordered by number.</summary>
    /// <param name="query">The filters and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Lists the reprints of a run (runs whose <see cref="ProductionRun.OriginalRunId"/> is it).</summary>
    /// <param name="originalRunId">The original run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reprints.</returns>
    Task<IReadOnlyList<ProductionRun>> ListReprintsAsync(RunId originalRunId, CancellationToken cancellationToken = default);

    /// <summary>Reserves the next run number; numbers are unique and increasing (gaps allowed).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number.</returns>
    Task<int> ReserveRunNumberAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the change log: the entities stored by the commits after <paramref name="after"/>, oldest first. Every
    /// commit appends to the log in its own transaction, so a reader in any process sharing the store sees every
    /// commit, in commit order, once it is committed.
    /// </summary>
    /// <param name="after">The sequence of the last change already read (0 for the start of the log; see <see cref="LastChangeAsync"/>).</param>
    /// <param name="take">At most this many changes (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changes, in sequence order.</returns>
    Task<IReadOnlyList<StoreChange>> ReadChangesAsync(long after, int take, CancellationToken cancellationToken = default);

    /// <summary>The sequence of the last change in the log (0 when it is empty): a reader that starts now reads the changes after it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sequence.</returns>
    Task<long> LastChangeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores every change of the set in one transaction: all of it, or nothing. When it returns, the entities put
    /// into the set carry their new versions, so they can be changed and committed again.
    /// </summary>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="ConcurrencyConflictException">An entity changed since it was read; nothing was stored.</exception>
    /// <exception cref="DuplicateKeyException">A unique key (spool code, SKU, printer name, run number) is taken; nothing was stored.</exception>
    /// <remarks>Stores implement <see cref="WriteChangesAsync"/>; this method calls it and then advances the versions.</remarks>
    public sealed async Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // The one commit point of every store: its duration, conflicts and activity are measured here, and the runs it
        // moved are counted only once the store accepted them.
        using var activity = Diagnostics.BatchivoTelemetry.Source.StartActivity("ProductionStore.Commit", System.Diagnostics.ActivityKind.Internal);
        activity?.SetTag("batchivo.store", GetType().Name);
        activity?.SetTag("batchivo.changes", changes.Spools.Count + changes.Products.Count + changes.Printers.Count + changes.Runs.Count + changes.BrandTares.Count);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string outcome = "error";
        try
        {
            await WriteChangesAsync(changes, cancellationToken).ConfigureAwait(false);
            outcome = "committed";
        }
        catch (ConcurrencyConflictException conflict)
        {
            outcome = "conflict";
            Diagnostics.BatchivoTelemetry.StoreConflictsCounter.Add(1, new KeyValuePair<string, object?>("batchivo.entity", conflict.Entity));
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "conflict");
            throw;
        }
        catch (DuplicateKeyException)
        {
            outcome = "duplicate_key";
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "duplicate_key");
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            Diagnostics.BatchivoTelemetry.StoreCommitDurationHistogram.Record(
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("batchivo.store.outcome", outcome));
        }

        changes.AcceptCommit();
        changes.Facts.Measure();
    }

    /// <summary>
    /// For store implementers: writes every change of the set in one transaction, all of it or nothing, checking each
    /// entity's version (see the remarks on <see cref="IProductionStore"/>). Callers use <see cref="CommitAsync"/>.
    /// </summary>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="ConcurrencyConflictException">An entity changed since it was read; nothing was stored.</exception>
    /// <exception cref="DuplicateKeyException">A unique key (spool code, SKU, printer name, run number) is taken; nothing was stored.</exception>
    protected Task WriteChangesAsync(ChangeSet changes, CancellationToken cancellationToken);
}

/// <summary>
/// Optional: a store that computes statistics itself (e.g. with SQL aggregates) instead of loading every run.
/// Its results must equal <see cref="StatisticsCalculator"/> on the same runs.
/// </summary>
public interface IStatisticsStore
{
    /// <summary>Computes the statistics of a period.</summary>
    /// <param name="query">The period and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<ProductionStatistics> ComputeStatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken = default);
}

/// <summary>
/// Optional: a store that reads the variance samples outlier detection needs (see <see cref="VarianceSample"/>) without
/// loading whole runs. Its samples must equal <see cref="VarianceSample.Of"/> over the same runs, in any order.
/// </summary>
public interface IVarianceSampleStore
{
    /// <summary>The variance samples of the completed runs of a period.</summary>
    /// <param name="query">The period and filters (its <see cref="StatisticsQuery.Top"/> does not apply).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The samples.</returns>
    Task<IReadOnlyList<VarianceSample>> ReadVarianceSamplesAsync(StatisticsQuery query, CancellationToken cancellationToken = default);
}
