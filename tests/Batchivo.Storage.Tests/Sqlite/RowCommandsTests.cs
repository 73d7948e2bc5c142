using System.Data.Common;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.Sqlite;
using Batchivo.Storage.Tests.Shared;
using Batchivo.Testing.Storage;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Batchivo.Storage.Tests.Sqlite;

/// <summary>
/// On SQLite the store writes a commit's inserts and updates as commands of its own, built from the EF Core model,
/// and leaves deletions to <c>SaveChanges</c>. Both ways must store the same bytes: the same generated histories are
/// committed to two files, one store writing with its commands and one always through <c>SaveChanges</c>, and every
/// table of both files must be equal value for value and type for type.
/// </summary>
public sealed class RowCommandsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private int _files;

    [Property(MaxTest = 6)]
    public async Task Row_commands_store_what_SaveChanges_stores(PositiveInt seed, byte runs)
    {
        var name = ++_files;
        var commands = new CommandLog();
        var saves = new CommandLog();
        var withCommands = new EfProductionStore(SqliteStoreProvider.ForFile(_folder.File($"commands{name}.db")), o => o.AddInterceptors(commands, new SaveCounter(commands)), rowCommands: true);
        var withSaveChanges = new EfProductionStore(SqliteStoreProvider.ForFile(_folder.File($"saves{name}.db")), o => o.AddInterceptors(saves, new SaveCounter(saves)), rowCommands: false);
        var mirror = new MirrorStore(withCommands, withSaveChanges);

        await StoreHistory.PlayAsync(mirror, seed.Get, 2 + (runs % 12));

        // Writes the history leaves out: brand tares set and changed, a product's BOM grown and shrunk, a draft's product
        // removed, a spool weighed and adjusted, a printer edited.
        var service = new ProductionService(mirror);
        await service.SetBrandTareAsync(new BrandTare("Brand 1", null, new Mass(210m)));
        await service.SetBrandTareAsync(new BrandTare("Brand 1", "cardboard", new Mass(180.5m)));
        await service.SetBrandTareAsync(new BrandTare("Brand 1", null, new Mass(212.25m)));
        var product = (await mirror.ListProductsAsync())[0];
        var specs = new[] { new MaterialSpec("PLA", "Black"), new MaterialSpec("PETG", "Red"), new MaterialSpec("PLA", "White") };
        await service.EditProductAsync(product.Sku, p => p.Edit(bom: specs.Select((s, i) => new BomLine(s, new Mass(11.5m + i), new Mass(0.5m)))));
        await service.EditProductAsync(product.Sku, p => p.Edit(name: "Renamed", bom: [new BomLine(specs[0], new Mass(9.75m))]));
        var printer = (await mirror.ListPrintersAsync())[0];
        printer.Edit(model: "Prusa MK4", materialSlots: 5);
        await mirror.CommitAsync(new ChangeSet().Put(printer));
        var draft = await service.CreateRunAsync(printer.Name, TimeSpan.FromHours(2), "draft");
        foreach (var p in await mirror.ListProductsAsync())
        {
            await service.AddProductToRunAsync(draft.Number, p.Sku, 2);
        }

        await service.RemoveProductFromRunAsync(draft.Number, product.Sku);
        // A spool of its own: the history may leave every spool in a run.
        var spool = await service.AddSpoolAsync(new NewSpool("EXTRA-1", new Material(specs[1], "Brand 9"), new Mass(1000m), new Money(21m, "EUR"), new Mass(200m), null, new Mass(1150m)));
        await service.WeighSpoolAsync(spool.Code, new Mass(1111.1m), "checked");
        await service.AdjustSpoolAsync(spool.Code, new Mass(1100m), "dried");

        Assert.Equal(await DumpAsync(withSaveChanges), await DumpAsync(withCommands));

        // Each store wrote the way it was told: one with its own commands and SaveChanges for deletions, the other only
        // with SaveChanges (whose SQLite updates read back RETURNING 1).
        Assert.True(commands.PlainUpdates > 0 && commands.PlainInserts > 0, $"The row commands wrote {commands.PlainUpdates} updates and {commands.PlainInserts} inserts.");
        Assert.True(commands.Saves > 0, "No commit of the history went through SaveChanges (the deletions).");
        Assert.True(commands.Saves < saves.Saves / 2, $"{commands.Saves} of {saves.Saves} commits went through SaveChanges.");
        Assert.Equal(0, saves.PlainUpdates);
    }

    [Fact]
    public async Task A_row_changed_by_another_writer_is_refused_by_the_row_commands_and_nothing_is_stored()
    {
        var path = _folder.File("stale.db");
        var commands = new CommandLog();
        var store = new EfProductionStore(SqliteStoreProvider.ForFile(path), o => o.AddInterceptors(commands, new SaveCounter(commands)), rowCommands: true);
        var other = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        var service = new ProductionService(store);
        await service.AddSpoolAsync(new NewSpool("PLA-1", new Material(new MaterialSpec("PLA", "Black")), new Mass(1000m), new Money(20m, "EUR"), new Mass(200m), null, new Mass(1200m)));
        await service.AddSpoolAsync(new NewSpool("PLA-2", new Material(new MaterialSpec("PLA", "Black")), new Mass(1000m), new Money(20m, "EUR"), new Mass(200m), null, new Mass(1200m)));

        // This store keeps both spools' rows; another writer weighs the second one meanwhile.
        var first = (await store.FindSpoolByCodeAsync("PLA-1"))!;
        var second = (await store.FindSpoolByCodeAsync("PLA-2"))!;
        await new ProductionService(other).WeighSpoolAsync("PLA-2", new Mass(1150m));
        first.RecordWeighing(new Mass(1190m), DateTimeOffset.UtcNow);
        second.RecordWeighing(new Mass(1180m), DateTimeOffset.UtcNow);
        var updatesBefore = commands.PlainUpdates;
        var savesBefore = commands.Saves;

        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new ChangeSet().Put(first).Put(second)));
        Assert.Contains("PLA-2", e.Message, StringComparison.Ordinal);
        Assert.True(commands.PlainUpdates > updatesBefore, "The refused commit was not written by the row commands.");
        Assert.Equal(savesBefore, commands.Saves);

        // The first spool's update, already sent, was rolled back with the rest.
        var reread = new EfProductionStore(SqliteStoreProvider.ForFile(path));
        Assert.Equal(new Mass(1200m), (await reread.FindSpoolByCodeAsync("PLA-1"))!.GrossWeight);
        Assert.Single((await reread.FindSpoolByCodeAsync("PLA-1"))!.Ledger);
        Assert.Equal(new Mass(1150m), (await reread.FindSpoolByCodeAsync("PLA-2"))!.GrossWeight);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Every table of the store's file, as the values SQLite holds (<c>quote()</c> tells text from numbers), in order.</summary>
    private static async Task<string> DumpAsync(EfProductionStore store)
    {
        var db = store.CreateDbContext();
        await using var dispose = db;
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("Runs", tables);
        var dump = new List<string>();
        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add($"\"{reader.GetString(0)}\"");
                }
            }

            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {string.Join(" || ',' || ", columns.Select(c => $"quote({c})"))} FROM \"{table}\" ORDER BY {string.Join(", ", columns)}";
            await using var rows = await select.ExecuteReaderAsync();
            dump.Add($"# {table}");
            while (await rows.ReadAsync())
            {
                dump.Add(rows.GetString(0));
            }
        }

        return string.Join('\n', dump);
    }

    /// <summary>Counts the writes a store sent: updates and inserts without RETURNING (other than of the run-number counter, which is always updated in place), and saves.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private int _plainUpdates;
        private int _plainInserts;
        private int _saves;

        public int PlainUpdates => _plainUpdates;

        public int PlainInserts => _plainInserts;

        public int Saves => _saves;

        public void Saved() => Interlocked.Increment(ref _saves);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var text = command.CommandText.TrimStart();
            if (!text.Contains("RETURNING", StringComparison.OrdinalIgnoreCase) && !text.Contains("\"RunNumbers\"", StringComparison.Ordinal))
            {
                if (text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref _plainUpdates);
                }
                else if (text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref _plainInserts);
                }
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class SaveCounter(CommandLog log) : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            log.Saved();
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    /// <summary>Reads from the first store and commits every change set to both, so both files get the same history, ids included.</summary>
    private sealed class MirrorStore(IProductionStore first, IProductionStore second) : IProductionStore
    {
        public Task<Spool?> FindSpoolAsync(SpoolId id, CancellationToken cancellationToken = default) => first.FindSpoolAsync(id, cancellationToken);

        public Task<Spool?> FindSpoolByCodeAsync(string code, CancellationToken cancellationToken = default) => first.FindSpoolByCodeAsync(code, cancellationToken);

        public Task<IReadOnlyList<Spool>> ListSpoolsAsync(CancellationToken cancellationToken = default) => first.ListSpoolsAsync(cancellationToken);

        public Task<Product?> FindProductAsync(ProductId id, CancellationToken cancellationToken = default) => first.FindProductAsync(id, cancellationToken);

        public Task<Product?> FindProductBySkuAsync(string sku, CancellationToken cancellationToken = default) => first.FindProductBySkuAsync(sku, cancellationToken);

        public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken = default) => first.ListProductsAsync(cancellationToken);

        public Task<Printer?> FindPrinterAsync(PrinterId id, CancellationToken cancellationToken = default) => first.FindPrinterAsync(id, cancellationToken);

        public Task<Printer?> FindPrinterByNameAsync(string name, CancellationToken cancellationToken = default) => first.FindPrinterByNameAsync(name, cancellationToken);

        public Task<IReadOnlyList<Printer>> ListPrintersAsync(CancellationToken cancellationToken = default) => first.ListPrintersAsync(cancellationToken);

        public Task<IReadOnlyList<BrandTare>> ListBrandTaresAsync(CancellationToken cancellationToken = default) => first.ListBrandTaresAsync(cancellationToken);

        public Task<ProductionRun?> FindRunAsync(RunId id, CancellationToken cancellationToken = default) => first.FindRunAsync(id, cancellationToken);

        public Task<ProductionRun?> FindRunByNumberAsync(int number, CancellationToken cancellationToken = default) => first.FindRunByNumberAsync(number, cancellationToken);

        public Task<IReadOnlyList<ProductionRun>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) => first.ListRunsAsync(query, cancellationToken);

        public Task<IReadOnlyList<ProductionRun>> ListReprintsAsync(RunId originalRunId, CancellationToken cancellationToken = default) => first.ListReprintsAsync(originalRunId, cancellationToken);

        public async Task<int> ReserveRunNumberAsync(CancellationToken cancellationToken = default)
        {
            var number = await first.ReserveRunNumberAsync(cancellationToken);
            Assert.Equal(number, await second.ReserveRunNumberAsync(cancellationToken));
            return number;
        }

        public async Task CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default)
        {
            await first.CommitAsync(changes, cancellationToken);
            await second.CommitAsync(changes, cancellationToken);
        }
    }
}
