using Batchivo.Catalog;

namespace Batchivo.Production;

/// <summary>The stored form of a <see cref="ProductionRun"/>.</summary>
/// <param name="Id">The id.</param>
/// <param name="Number">The sequential number (#42).</param>
/// <param name="PrinterId">The printer.</param>
/// <param name="PrinterName">The printer's name.</param>
/// <param name="Status">The status.</param>
/// <param name="CreatedAt">When created.</param>
/// <param name="StartedAt">When started.</param>
/// <param name="EndedAt">When completed, failed or cancelled.</param>
/// <param name="EstimatedDuration">The estimated print time.</param>
/// <param name="Items">The products on the plate.</param>
/// <param name="Materials">The spools.</param>
/// <param name="Quality">The quality rating, once given.</param>
/// <param name="Notes">Free notes.</param>
/// <param name="OriginalRunId">For a reprint: the run whose failed units it reprints.</param>
/// <param name="EstimateSource">Where the estimates come from.</param>
/// <param name="EstimateSourceName">The slicer file, when estimates come from a slicer.</param>
/// <param name="Version">The stored version (0 if never stored).</param>
/// <param name="PrinterJob">The printer job the run follows, when a printer connector started it.</param>
public sealed record ProductionRunState(
    RunId Id,
    int Number,
    PrinterId PrinterId,
    string PrinterName,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    TimeSpan? EstimatedDuration,
    IReadOnlyList<RunItem> Items,
    IReadOnlyList<RunMaterial> Materials,
    QualityRating? Quality,
    string? Notes,
    RunId? OriginalRunId,
    EstimateSource EstimateSource,
    string? EstimateSourceName,
    long Version,
    PrinterJobLink? PrinterJob = null);

/// <summary>
/// One print job on one printer: one build plate, possibly several products and several spools.
/// Every method checks all of its rules before it changes anything, so a refused call leaves the run as it was.
/// </summary>
/// <remarks>Not thread-safe; load, change and commit it within one unit of work.</remarks>
public sealed partial class ProductionRun
{
    private readonly List<RunItem> _items;
    private readonly List<RunMaterial> _materials;
    private RunTotals? _totals;

    private ProductionRun(ProductionRunState state)
    {
        Id = state.Id;
        Number = state.Number;
        PrinterId = state.PrinterId;
        PrinterName = state.PrinterName;
        Status = state.Status;
        CreatedAt = state.CreatedAt;
        StartedAt = state.StartedAt;
        EndedAt = state.EndedAt;
        EstimatedDuration = state.EstimatedDuration;
        _items = [.. state.Items];
        _materials = [.. state.Materials];
        Quality = state.Quality;
        Notes = state.Notes;
        OriginalRunId = state.OriginalRunId;
        EstimateSource = state.EstimateSource;
        EstimateSourceName = state.EstimateSourceName;
        Version = state.Version;
        PrinterJob = state.PrinterJob;
        StoredStatus = state.Version > 0 ? state.Status : null;
    }

    /// <summary>The id.</summary>
    public RunId Id { get; }

    /// <summary>The sequential number, shown <c>#42</c>.</summary>
    public int Number { get; }

    /// <summary>The printer.</summary>
    public PrinterId PrinterId { get; }

    /// <summary>The printer's name.</summary>
    public string PrinterName { get; }

    /// <summary>The status.</summary>
    public RunStatus Status { get; private set; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When printing started.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When the run was completed, failed or cancelled.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The estimated print time.</summary>
    public TimeSpan? EstimatedDuration { get; private set; }

    /// <summary>The products on the plate.</summary>
    public IReadOnlyList<RunItem> Items => _items;

    /// <summary>The spools.</summary>
    public IReadOnlyList<RunMaterial> Materials => _materials;

    /// <summary>The quality rating, once given.</summary>
    public QualityRating? Quality { get; private set; }

    /// <summary>Free notes; the only thing that may change on a final run.</summary>
    public string? Notes { get; private set; }

    /// <summary>For a reprint: the run whose failed units it reprints.</summary>
    public RunId? OriginalRunId { get; }

    /// <summary>Where the estimates come from.</summary>
    public EstimateSource EstimateSource { get; private set; }

    /// <summary>The slicer file, when the estimates come from a slicer.</summary>
    public string? EstimateSourceName { get; private set; }

    /// <summary>The stored version this object was read at.</summary>
    public long Version { get; private set; }

    /// <summary>The status as stored when this object was read or last committed; null for a run never stored (the events of a commit compare it with <see cref="Status"/>).</summary>
    internal RunStatus? StoredStatus { get; private set; }

    /// <summary>When the run was last active: ended, else started, else created. Periods select runs by it.</summary>
    public DateTimeOffset ActivityAt => EndedAt ?? StartedAt ?? CreatedAt;

    /// <summary>True when completed, failed or cancelled.</summary>
    public bool IsFinal => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>Creates a draft run.</summary>
    /// <param name="number">The sequential number the store reserved.</param>
    /// <param name="printer">The printer.</param>
    /// <param name="at">Now.</param>
    /// <param name="estimatedDuration">The estimated print time, if known.</param>
    /// <param name="notes">Notes.</param>
    /// <param name="originalRunId">For a reprint, the original run.</param>
    /// <returns>The run.</returns>
    public static ProductionRun Create(int number, Printer printer, DateTimeOffset at, TimeSpan? estimatedDuration = null, string? notes = null, RunId? originalRunId = null)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        if (estimatedDuration is { } d)
        {
            Limits.Duration(d, "estimated duration", DomainRule.QuantityMustBePositive);
        }

        return new ProductionRun(new ProductionRunState(
            RunId.New(), number, printer.Id, printer.Name, RunStatus.Draft, at, null, null, estimatedDuration,
            [], [], null, CleanNotes(notes), originalRunId, EstimateSource.Bom, null, 0));
    }

    /// <summary>Rebuilds a run from its stored form.</summary>
    /// <param name="state">The stored form.</param>
    /// <returns>The run.</returns>
    public static ProductionRun Restore(ProductionRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ProductionRun(state);
    }

    /// <summary>The stored form.</summary>
    /// <returns>The state.</returns>
    public ProductionRunState ToState() => new(
        Id, Number, PrinterId, PrinterName, Status, CreatedAt, StartedAt, EndedAt, EstimatedDuration,
        [.. _items], [.. _materials], Quality, Notes, OriginalRunId, EstimateSource, EstimateSourceName, Version, PrinterJob);

    /// <summary>The item of a product, or null.</summary>
    /// <param name="productId">The product.</param>
    /// <returns>The item.</returns>
    public RunItem? FindItem(ProductId productId) => _items.Find(i => i.ProductId == productId);

    /// <summary>The spool assignment, or null.</summary>
    /// <param name="spoolId">The spool.</param>
    /// <returns>The assignment.</returns>
    public RunMaterial? FindMaterial(SpoolId spoolId) => _materials.Find(m => m.SpoolId == spoolId);
}

/// <summary>A spool is already on a printer in another run in progress.</summary>
public sealed class SpoolInUseException : DomainRuleException
{
    /// <summary>Creates the error.</summary>
    /// <param name="spoolCode">The spool.</param>
    /// <param name="otherRun">The run in progress that uses it.</param>
    /// <param name="otherRunNumber">That run's number, when known.</param>
    /// <param name="message">A specific message, or null for the usual one.</param>
    public SpoolInUseException(string spoolCode, RunId otherRun, int? otherRunNumber = null, string? message = null)
        : base(DomainRule.SpoolInUse, message ?? $"Spool {spoolCode} is in {(otherRunNumber is { } n ? "run #" + n : "another run")}, which is in progress; a spool is on one printer at a time. Complete, fail or cancel that run first, or use another spool.")
    {
        SpoolCode = spoolCode;
        OtherRun = otherRun;
        OtherRunNumber = otherRunNumber;
    }

    /// <summary>The spool.</summary>
    public string SpoolCode { get; }

    /// <summary>The run in progress that uses it.</summary>
    public RunId OtherRun { get; }

    /// <summary>That run's number, when known.</summary>
    public int? OtherRunNumber { get; }
}
