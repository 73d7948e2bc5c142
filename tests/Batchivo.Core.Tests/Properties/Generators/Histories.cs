using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

/// <summary>The catalog a history runs against: materials, spools (mutable: their ledgers grow), products, printers.</summary>
public sealed class Farm
{
    private readonly List<Spool> _spools;
    private readonly Dictionary<SpoolId, Spool> _spoolsById;

    /// <summary>Creates the farm.</summary>
    /// <param name="specs">The materials.</param>
    /// <param name="spools">The spools.</param>
    /// <param name="products">The products.</param>
    /// <param name="printers">The printers; the first has at least 4 slots.</param>
    public Farm(IReadOnlyList<MaterialSpec> specs, IEnumerable<Spool> spools, IReadOnlyList<Product> products, IReadOnlyList<Printer> printers)
    {
        Specs = specs;
        _spools = [.. spools];
        _spoolsById = _spools.ToDictionary(s => s.Id);
        Products = products;
        Printers = printers;
    }

    /// <summary>The materials.</summary>
    public IReadOnlyList<MaterialSpec> Specs { get; }

    /// <summary>The spools, including those opened while playing.</summary>
    public IReadOnlyList<Spool> Spools => _spools;

    /// <summary>The products.</summary>
    public IReadOnlyList<Product> Products { get; }

    /// <summary>The printers.</summary>
    public IReadOnlyList<Printer> Printers { get; }

    /// <summary>A spool by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The spool.</returns>
    public Spool Spool(SpoolId id) => _spoolsById[id];

    /// <summary>A product by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The product.</returns>
    public Product Product(ProductId id) => Products.First(p => p.Id == id);

    /// <summary>The spools of a run, in assignment order.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The spools.</returns>
    public IReadOnlyList<Spool> SpoolsOf(ProductionRun run) => [.. run.Materials.Select(m => _spoolsById[m.SpoolId])];

    /// <summary>Opens a new full spool (1000 g net, 200 g tare, weighed 1200 g).</summary>
    /// <param name="spec">Its material.</param>
    /// <param name="at">When.</param>
    /// <returns>The spool.</returns>
    public Spool OpenSpool(MaterialSpec spec, DateTimeOffset at)
    {
        var spool = global::Batchivo.Catalog.Spool.Create(Generators.SpoolCode(_spools.Count + 1), new Material(spec, "Bambu Lab"), new Mass(1000m), new Money(24.99m, "USD"), at, new Mass(200m), null, new Mass(1200m));
        _spools.Add(spool);
        _spoolsById.Add(spool.Id, spool);
        return spool;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("materials: ").AppendJoin(", ", Specs).AppendLine();
        foreach (var s in _spools)
        {
            text.Append("  spool ").Append(s.Code).Append(' ').Append(s.Material).Append(" gross ").Append(s.GrossWeight?.ToString() ?? "-").Append(" tare ").Append(s.Tare?.ToString() ?? "-").AppendLine();
        }

        foreach (var p in Products)
        {
            text.Append("  product ").Append(p.Sku).Append(": ").AppendJoin(", ", p.Bom.Select(l => $"{l.Material} {l.GramsPerUnit} (supports {l.SupportGramsPerUnit})")).AppendLine();
        }

        foreach (var p in Printers)
        {
            text.Append("  printer ").Append(p.Name).Append(" slots ").Append(p.MaterialSlots).AppendLine();
        }

        return text.ToString();
    }
}

/// <summary>A farm and the runs played on it, oldest first.</summary>
/// <param name="Farm">The catalog, with the spools' ledgers after the runs.</param>
/// <param name="Runs">The runs.</param>
/// <param name="Plans">The plans they were played from.</param>
public sealed record History(Farm Farm, IReadOnlyList<ProductionRun> Runs, IReadOnlyList<RunPlan> Plans)
{
    /// <summary>Describes a run on one line.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The text.</returns>
    public static string Describe(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var items = string.Join(", ", run.Items.Select(i => $"{i.Sku} x{i.Quantity} ({i.Successful?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{i.Failed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})"));
        var spools = string.Join(", ", run.Materials.Select(m => $"{m.SpoolCode} est {m.EstimatedModel}+{m.EstimatedPurge}+{m.EstimatedTower} {m.WeightBefore?.ToString() ?? "-"}->{m.WeightAfter?.ToString() ?? "-"} meas {m.ActualSupports?.ToString() ?? "-"}/{m.ActualPurge?.ToString() ?? "-"}/{m.ActualTower?.ToString() ?? "-"}"));
        return $"#{run.Number} {run.Status} on {run.PrinterName} [{run.EstimateSource}] items [{items}] spools [{spools}] quality {run.Quality?.Stars.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}{(run.OriginalRunId is null ? "" : " reprint")}";
    }

    /// <inheritdoc />
    public override string ToString() =>
        Farm + string.Join(Environment.NewLine, Runs.Select(Describe));
}

/// <summary>A history and a statistics query.</summary>
/// <param name="History">The history.</param>
/// <param name="Query">The query.</param>
public sealed record QueriedHistory(History History, StatisticsQuery Query)
{
    /// <inheritdoc />
    public override string ToString() => $"{Query}{Environment.NewLine}{History}";
}

/// <summary>A history and calibration thresholds.</summary>
/// <param name="History">The history.</param>
/// <param name="Options">The thresholds.</param>
public sealed record CalibrationCase(History History, CalibrationOptions Options)
{
    /// <inheritdoc />
    public override string ToString() => $"{Options}{Environment.NewLine}{History}";
}

/// <summary>Completed runs whose spools used exactly k times their model estimate (plus purge and tower).</summary>
/// <param name="Farm">The catalog.</param>
/// <param name="Runs">The runs.</param>
/// <param name="K">The factor.</param>
/// <param name="Options">Calibration thresholds.</param>
public sealed record AgreeingRuns(Farm Farm, IReadOnlyList<ProductionRun> Runs, decimal K, CalibrationOptions Options)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"k = {K}, {Options}{Environment.NewLine}{Farm}{string.Join(Environment.NewLine, Runs.Select(History.Describe))}";
}
