using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>
/// The EF Core model of Batchivo's domain: spools and their ledger, products with BOM lines and components,
/// printers, brand tares, runs with items, item BOM snapshots and spool assignments, the run-number sequence, the
/// change log with its sequence, and the schema marker. Provider plugins configure it (<see cref="EfStoreProvider"/>) and ship their migrations for it.
/// </summary>
/// <remarks>
/// Instants are stored as UTC ticks and durations as ticks (exact on every database); masses and money as decimals.
/// A context is a unit of work: not thread-safe, owned and disposed by whoever created it.
/// </remarks>
public sealed class BatchivoDbContext : DbContext
{
    /// <summary>The version of the schema this library reads and writes; stored in table <c>BatchivoSchema</c>.</summary>
    public const int SchemaVersion = 3;

    /// <summary>Creates a context.</summary>
    /// <param name="options">The options, from <see cref="EfStoreProvider.ConfigureDbContext"/>.</param>
    public BatchivoDbContext(DbContextOptions<BatchivoDbContext> options)
        : base(options)
    {
    }

    internal DbSet<SchemaRow> Schema => Set<SchemaRow>();

    internal DbSet<RunNumberRow> RunNumbers => Set<RunNumberRow>();

    internal DbSet<ChangeSequenceRow> ChangeSequence => Set<ChangeSequenceRow>();

    internal DbSet<ChangeRow> Changes => Set<ChangeRow>();

    internal DbSet<SpoolRow> Spools => Set<SpoolRow>();

    internal DbSet<LedgerRow> Ledger => Set<LedgerRow>();

    internal DbSet<ProductRow> Products => Set<ProductRow>();

    internal DbSet<PrinterRow> Printers => Set<PrinterRow>();

    internal DbSet<BrandTareRow> BrandTares => Set<BrandTareRow>();

    internal DbSet<RunRow> Runs => Set<RunRow>();

    internal DbSet<RunItemRow> RunItems => Set<RunItemRow>();

    internal DbSet<RunMaterialRow> RunMaterials => Set<RunMaterialRow>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<TimeSpan>().HaveConversion<TimeSpanToTicksConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<SchemaRow>(e =>
        {
            e.ToTable("BatchivoSchema");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasData(new SchemaRow { Id = 1, Version = SchemaVersion });
        });

        modelBuilder.Entity<RunNumberRow>(e =>
        {
            e.ToTable("RunNumbers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasData(new RunNumberRow { Id = 1, Last = 0, Version = 0 });
        });

        // The change log's sequence is one counter row that every commit advances in its own transaction: the row's
        // lock orders the commits, so sequences are handed out in commit order (an identity column is not, on a
        // server where transactions overlap: a reader could pass a sequence a slower transaction commits later).
        modelBuilder.Entity<ChangeSequenceRow>(e =>
        {
            e.ToTable("ChangeSequence");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasData(new ChangeSequenceRow { Id = 1, Last = 0 });
        });

        modelBuilder.Entity<ChangeRow>(e =>
        {
            e.ToTable("Changes");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.Key).HasMaxLength(300);
        });

        modelBuilder.Entity<SpoolRow>(e =>
        {
            e.ToTable("Spools");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Code).HasMaxLength(100);
            e.Property(x => x.CodeKey).HasMaxLength(100);
            e.HasIndex(x => x.CodeKey).IsUnique();
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Ledger).WithOne().HasForeignKey(x => x.SpoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LedgerRow>(e =>
        {
            e.ToTable("SpoolLedger");
            e.HasKey(x => new { x.SpoolId, x.Sequence });
            e.Property(x => x.Sequence).ValueGeneratedNever();
        });

        modelBuilder.Entity<ProductRow>(e =>
        {
            e.ToTable("Products");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Sku).HasMaxLength(100);
            e.Property(x => x.SkuKey).HasMaxLength(100);
            e.HasIndex(x => x.SkuKey).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Bom).WithOne().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Components).WithOne().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BomLineRow>(e =>
        {
            e.ToTable("ProductBomLines");
            e.HasKey(x => new { x.ProductId, x.Position });
            e.Property(x => x.Position).ValueGeneratedNever();
        });

        modelBuilder.Entity<ComponentRow>(e =>
        {
            e.ToTable("ProductComponents");
            e.HasKey(x => new { x.ProductId, x.Position });
            e.Property(x => x.Position).ValueGeneratedNever();
            e.Property(x => x.Currency).HasMaxLength(3);
        });

        modelBuilder.Entity<PrinterRow>(e =>
        {
            e.ToTable("Printers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameKey).HasMaxLength(200);
            e.HasIndex(x => x.NameKey).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<BrandTareRow>(e =>
        {
            e.ToTable("BrandTares");
            e.HasKey(x => new { x.BrandKey, x.SpoolTypeKey });
        });

        modelBuilder.Entity<RunRow>(e =>
        {
            e.ToTable("Runs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.ActivityAt);
            e.HasIndex(x => x.OriginalRunId);
            e.HasIndex(x => new { x.PrinterId, x.PrinterJobId }).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Materials).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RunItemRow>(e =>
        {
            e.ToTable("RunItems");
            e.HasKey(x => new { x.RunId, x.Position });
            e.Property(x => x.Position).ValueGeneratedNever();
            e.HasIndex(x => x.ProductId);
            e.HasMany(x => x.Bom).WithOne().HasForeignKey(x => new { x.RunId, x.ItemPosition }).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RunItemBomRow>(e =>
        {
            e.ToTable("RunItemBomLines");
            e.HasKey(x => new { x.RunId, x.ItemPosition, x.Position });
            e.Property(x => x.Position).ValueGeneratedNever();
        });

        modelBuilder.Entity<RunMaterialRow>(e =>
        {
            e.ToTable("RunMaterials");
            e.HasKey(x => new { x.RunId, x.Position });
            e.Property(x => x.Position).ValueGeneratedNever();
            e.Property(x => x.Currency).HasMaxLength(3);
        });
    }

    internal sealed class UtcTicksConverter : ValueConverter<DateTimeOffset, long>
    {
        public UtcTicksConverter()
            : base(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero))
        {
        }
    }
}
