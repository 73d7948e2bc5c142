using Batchivo.Catalog;
using Batchivo.Production;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Benchmarks.Storage;

/// <summary>
/// The least EF Core can do for the same writes: a context mapping only the columns a completion changes, stub
/// entities attached with their key and read version, the changed columns set, one <c>SaveChanges</c> in a transaction.
/// What an EF Core store costs beyond the hand-written ADO.NET can be no less than this.
/// </summary>
internal static class MinimalEfCompletion
{
    public static async Task WriteAsync(MinimalCompletionContext db, ProductionRun run, Spool[] spools)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var state = run.ToState();
        var stored = new MinimalRun { Id = run.Id.Value, Version = state.Version };
        db.Runs.Attach(stored);
        stored.Status = (int)state.Status;
        stored.EndedAt = state.EndedAt!.Value.UtcTicks;
        stored.Quality = state.Quality?.Stars;
        stored.ActivityAt = run.ActivityAt.UtcTicks;
        stored.PrintTicks = (state.EndedAt.Value - state.StartedAt!.Value).Ticks;
        stored.Version = state.Version + 1;
        foreach (var spool in spools)
        {
            var row = new MinimalSpool { Id = spool.Id.Value, Version = spool.Version, ActiveRunId = run.Id.Value };
            db.Spools.Attach(row);
            row.GrossWeight = spool.GrossWeight!.Value.Grams;
            row.ActiveRunId = null;
            row.Version = spool.Version + 1;
            var entry = spool.Ledger[^1];
            db.Ledger.Add(new MinimalLedgerEntry
            {
                SpoolId = spool.Id.Value, Sequence = entry.Sequence, At = entry.At.UtcTicks, Kind = (int)entry.Kind, GrossBefore = entry.GrossBefore?.Grams,
                GrossAfter = entry.GrossAfter.Grams, RunId = run.Id.Value, RunNumber = entry.RunNumber, Note = entry.Note,
            });
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        db.ChangeTracker.Clear();
    }
}

/// <summary>A context over the store's tables with only the columns a completion writes.</summary>
internal sealed class MinimalCompletionContext(DbContextOptions<MinimalCompletionContext> options) : DbContext(options)
{
    public DbSet<MinimalRun> Runs => Set<MinimalRun>();

    public DbSet<MinimalSpool> Spools => Set<MinimalSpool>();

    public DbSet<MinimalLedgerEntry> Ledger => Set<MinimalLedgerEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MinimalRun>(e =>
        {
            e.ToTable("Runs");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<MinimalSpool>(e =>
        {
            e.ToTable("Spools");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<MinimalLedgerEntry>(e =>
        {
            e.ToTable("SpoolLedger");
            e.HasKey(x => new { x.SpoolId, x.Sequence });
        });
    }
}

internal sealed class MinimalRun
{
    public Guid Id { get; set; }

    public int Status { get; set; }

    public long? EndedAt { get; set; }

    public int? Quality { get; set; }

    public long ActivityAt { get; set; }

    public long? PrintTicks { get; set; }

    public long Version { get; set; }
}

internal sealed class MinimalSpool
{
    public Guid Id { get; set; }

    public decimal? GrossWeight { get; set; }

    public Guid? ActiveRunId { get; set; }

    public long Version { get; set; }
}

internal sealed class MinimalLedgerEntry
{
    public Guid SpoolId { get; set; }

    public int Sequence { get; set; }

    public long At { get; set; }

    public int Kind { get; set; }

    public decimal? GrossBefore { get; set; }

    public decimal GrossAfter { get; set; }

    public Guid? RunId { get; set; }

    public int? RunNumber { get; set; }

    public string? Note { get; set; }
}
