using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>
/// An <see cref="IProductionStore"/> on Entity Framework Core, for any provider described by an
/// <see cref="EfStoreProvider"/>. Statistics are computed by the database (<see cref="IStatisticsStore"/>), and outlier detection reads only the variance samples (<see cref="IVarianceSampleStore"/>).
/// </summary>
/// <remarks>
/// <para>Thread-safe: every call uses its own context. The schema is created or migrated on first use
/// (<see cref="InitializeAsync"/> does it up front).</para>
/// <para><see cref="IProductionStore.CommitAsync"/> writes the whole change set in one transaction with the versions as concurrency
/// tokens (<c>UPDATE ... WHERE Version = @read</c>): a stale entity raises <see cref="ConcurrencyConflictException"/>,
/// a taken unique key <see cref="DuplicateKeyException"/>, and nothing of the set is stored.</para>
/// </remarks>
public sealed partial class EfProductionStore : IProductionStore, IStatisticsStore, IVarianceSampleStore
{
    private readonly DbContextOptions<BatchivoDbContext> _options;
    private readonly PooledDbContextFactory<BatchivoDbContext> _contexts;
    private readonly Lock _initializing = new();
    private Task? _initialization;

    /// <summary>Creates a store.</summary>
    /// <param name="provider">The database provider.</param>
    public EfProductionStore(EfStoreProvider provider)
        : this(provider, null)
    {
    }

    /// <summary>Creates a store with extra context configuration (interceptors, logging).</summary>
    /// <param name="provider">The database provider.</param>
    /// <param name="configure">Applied after the provider's configuration, or null.</param>
    public EfProductionStore(EfStoreProvider provider, Action<DbContextOptionsBuilder>? configure)
        : this(provider, configure, null)
    {
    }

    /// <summary>Creates a store that logs its start-up (database created or migrated, with the migrations' names) and refused writes.</summary>
    /// <param name="provider">The database provider.</param>
    /// <param name="configure">Applied after the provider's configuration, or null.</param>
    /// <param name="loggerFactory">Where the store logs (category <c>Batchivo.Storage.EntityFrameworkCore</c>); nowhere when null. Connection strings and settings are never logged.</param>
    public EfProductionStore(EfStoreProvider provider, Action<DbContextOptionsBuilder>? configure, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        Logger = loggerFactory?.CreateLogger(StoreLog.Category) ?? NullLogger.Instance;
        provider.Logger = Logger;
        var builder = new DbContextOptionsBuilder<BatchivoDbContext>();
        provider.ConfigureDbContext(builder);

        // Every operation has a context of its own that no other thread sees, so EF Core's check for concurrent use of one
        // context finds nothing and costs a little on every call.
        builder.EnableThreadSafetyChecks(false);
        configure?.Invoke(builder);
        _options = builder.Options;
        _contexts = new PooledDbContextFactory<BatchivoDbContext>(_options);
    }

    /// <summary>The database provider.</summary>
    public EfStoreProvider Provider { get; }

    private ILogger Logger { get; }

    /// <summary>Creates a context on the store's database (for tools and tests); the caller disposes it.</summary>
    /// <returns>The context.</returns>
    public BatchivoDbContext CreateDbContext() => new(_options);

    /// <summary>Creates or migrates the schema now instead of on first use.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="StoreUnavailableException">The database cannot be opened.</exception>
    /// <exception cref="NotABatchivoDatabaseException">The database belongs to something else.</exception>
    /// <exception cref="StoreSchemaTooNewException">The database was written by a newer version.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Task initialization;
        lock (_initializing)
        {
            // A failed attempt is retried by the next call (the database may come up later).
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = InitializeOnceAsync();
            }

            initialization = _initialization;
        }

        return initialization.IsCompletedSuccessfully ? initialization : initialization.WaitAsync(cancellationToken);
    }

    private async Task InitializeOnceAsync()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var db = CreateDbContext();
        await using (db.ConfigureAwait(false))
        {
            try
            {
                await Provider.InitializeAsync(db, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BatchivoException e)
            {
                StoreLog.StoreOpenFailed(Logger, Provider.Description, e.Message);
                throw;
            }
        }

        if (Logger.IsEnabled(LogLevel.Information))
        {
            var took = (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            StoreLog.StoreOpened(Logger, Provider.Description, took);
        }
    }

    /// <inheritdoc />
    public Task<Spool?> FindSpoolAsync(SpoolId id, CancellationToken cancellationToken = default) =>
        RunAsync(async db =>
        {
            var row = await Spools(db).FirstOrDefaultAsync(s => s.Id == id.Value, cancellationToken).ConfigureAwait(false);
            return row is null ? null : Spool.Restore(Mapper.ToState(row));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Spool?> FindSpoolByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var key = Mapper.Key(code);
        return RunAsync(async db =>
        {
            var row = await Spools(db).FirstOrDefaultAsync(s => s.CodeKey == key, cancellationToken).ConfigureAwait(false);
            return row is null ? null : Spool.Restore(Mapper.ToState(row));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Spool>>(async db =>
        {
            var rows = await Spools(db).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.OrderBy(r => r.Code, StringComparer.OrdinalIgnoreCase).Select(r => Spool.Restore(Mapper.ToState(r)))];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Product?> FindProductAsync(ProductId id, CancellationToken cancellationToken = default) =>
        RunAsync(async db =>
        {
            var row = await Products(db).FirstOrDefaultAsync(p => p.Id == id.Value, cancellationToken).ConfigureAwait(false);
            return row is null ? null : Product.Restore(Mapper.ToState(row));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Product?> FindProductBySkuAsync(string sku, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sku);
        var key = Mapper.Key(sku);
        return RunAsync(async db =>
        {
            var row = await Products(db).FirstOrDefaultAsync(p => p.SkuKey == key, cancellationToken).ConfigureAwait(false);
            return row is null ? null : Product.Restore(Mapper.ToState(row));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Product>>(async db =>
        {
            var rows = await Products(db).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.OrderBy(r => r.Sku, StringComparer.OrdinalIgnoreCase).Select(r => Product.Restore(Mapper.ToState(r)))];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Printer?> FindPrinterAsync(PrinterId id, CancellationToken cancellationToken = default) =>
        RunAsync(async db =>
        {
            var row = await db.Printers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id.Value, cancellationToken).ConfigureAwait(false);
            return row is null ? null : Printer.Restore(Mapper.ToState(row));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Printer?> FindPrinterByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Mapper.Key(name);
        return RunAsync(async db =>
        {
            var row = await db.Printers.AsNoTracking().FirstOrDefaultAsync(p => p.NameKey == key, cancellationToken).ConfigureAwait(false);
            return row is null ? null : Printer.Restore(Mapper.ToState(row));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Printer>>(async db =>
        {
            var rows = await db.Printers.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => Printer.Restore(Mapper.ToState(r)))];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BrandTare>> ListBrandTaresAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<BrandTare>>(async db =>
        {
            var rows = await db.BrandTares.AsNoTracking().OrderBy(t => t.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(Mapper.ToBrandTare)];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ProductionRun?> FindRunAsync(RunId id, CancellationToken cancellationToken = default) =>
        RunAsync(async db =>
        {
            var row = await Runs(db.Runs.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id.Value, cancellationToken).ConfigureAwait(false);
            return row is null ? null : ProductionRun.Restore(Mapper.ToState(row));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ProductionRun?> FindRunByNumberAsync(int number, CancellationToken cancellationToken = default) =>
        RunAsync(async db =>
        {
            var row = await Runs(db.Runs.AsNoTracking()).FirstOrDefaultAsync(r => r.Number == number, cancellationToken).ConfigureAwait(false);
            return row is null ? null : ProductionRun.Restore(Mapper.ToState(row));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync<IReadOnlyList<ProductionRun>>(async db =>
        {
            if (query.Take is <= 0)
            {
                return [];
            }

            var rows = Filter(db.Runs.AsNoTracking(), query.From, query.To, query.PrinterId, query.ProductId);
            if (query.Status is { } status)
            {
                rows = rows.Where(r => r.Status == (int)status);
            }

            if (query.PrinterJobId is { } jobId)
            {
                rows = rows.Where(r => r.PrinterJobId == jobId);
            }

            rows = rows.OrderBy(r => r.Number).Skip(Math.Max(0, query.Skip));
            if (query.Take is { } take)
            {
                rows = rows.Take(take);
            }

            var list = await Runs(rows).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. list.Select(r => ProductionRun.Restore(Mapper.ToState(r)))];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProductionRun>> ListReprintsAsync(RunId originalRunId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<ProductionRun>>(async db =>
        {
            var rows = await Runs(db.Runs.AsNoTracking().Where(r => r.OriginalRunId == originalRunId.Value).OrderBy(r => r.Number)).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => ProductionRun.Restore(Mapper.ToState(r)))];
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The counter's row is read and saved with its version checked, as a commit saves; a reservation that loses a race reads again.</remarks>
    public Task<int> ReserveRunNumberAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async db =>
        {
            while (true)
            {
                var transaction = await Provider.BeginTransactionAsync(db, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var row = await db.RunNumbers.SingleAsync(r => r.Id == 1, cancellationToken).ConfigureAwait(false);
                    row.Last++;
                    row.Version++;
                    try
                    {
                        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return row.Last;
                    }
                    catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || Provider.ClassifyWriteError(e) == WriteErrorKind.PrimaryKey)
                    {
                        // Another reservation took the number first (a stale version, or the database refused one of two
                        // transactions that raced for the row): read the counter again.
                        db.ChangeTracker.Clear();
                    }
                }
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoreChange>> ReadChangesAsync(long after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        return RunAsync<IReadOnlyList<StoreChange>>(async db =>
        {
            var rows = await db.Changes.AsNoTracking().Where(c => c.Sequence > after).OrderBy(c => c.Sequence).Take(take)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(c => new StoreChange(c.Sequence, (StoreEntity)c.Entity, c.Key, c.Version, (StoreChangeKind)c.Kind))];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> LastChangeAsync(CancellationToken cancellationToken = default) =>
        RunAsync(db => db.ChangeSequence.AsNoTracking().Where(c => c.Id == 1).Select(c => c.Last).SingleAsync(cancellationToken), cancellationToken);

    private static IQueryable<SpoolRow> Spools(BatchivoDbContext db) =>
        db.Spools.AsNoTracking().Include(s => s.Ledger.OrderBy(l => l.Sequence));

    private static IQueryable<ProductRow> Products(BatchivoDbContext db) =>
        db.Products.AsNoTracking().Include(p => p.Bom.OrderBy(b => b.Position)).Include(p => p.Components.OrderBy(c => c.Position));

    private static IQueryable<RunRow> Runs(IQueryable<RunRow> runs) =>
        runs.Include(r => r.Items.OrderBy(i => i.Position)).ThenInclude(i => i.Bom.OrderBy(b => b.Position))
            .Include(r => r.Materials.OrderBy(m => m.Position));

    private static IQueryable<RunRow> Filter(IQueryable<RunRow> runs, DateTimeOffset? from, DateTimeOffset? to, PrinterId? printerId, ProductId? productId)
    {
        if (from is { } f)
        {
            runs = runs.Where(r => r.ActivityAt >= f);
        }

        if (to is { } t)
        {
            runs = runs.Where(r => r.ActivityAt < t);
        }

        if (printerId is { } printer)
        {
            var id = printer.Value;
            runs = runs.Where(r => r.PrinterId == id);
        }

        if (productId is { } product)
        {
            var id = product.Value;
            runs = runs.Where(r => r.Items.Any(i => i.ProductId == id));
        }

        return runs;
    }

    /// <summary>One store call: its own context, run as the provider runs calls, the environment's errors typed.</summary>
    private async Task<T> RunAsync<T>(Func<BatchivoDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Provider.RunAsync(
                async () =>
                {
                    var db = _contexts.CreateDbContext();
                    await using (db.ConfigureAwait(false))
                    {
                        return await work(db).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not BatchivoException && Provider.TranslateError(e) is { } translated)
        {
            // A full disk, a lock held too long, a read-only file, damaged pages: the cause and what to do, typed.
            throw translated;
        }
    }
}
