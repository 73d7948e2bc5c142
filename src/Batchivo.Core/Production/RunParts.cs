using Batchivo.Catalog;

namespace Batchivo.Production;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Being set up: products, spools, weights before.</summary>
    Draft,

    /// <summary>Printing.</summary>
    InProgress,

    /// <summary>Finished with outcomes recorded. Final.</summary>
    Completed,

    /// <summary>The whole plate failed. Final.</summary>
    Failed,

    /// <summary>Called off. Final.</summary>
    Cancelled,
}

/// <summary>Where a run's estimates come from.</summary>
public enum EstimateSource
{
    /// <summary>Derived from the products' bills of materials.</summary>
    Bom,

    /// <summary>Read from a slicer's output.</summary>
    Slicer,
}

/// <summary>A product on a run's build plate.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Sku">The product's SKU when added.</param>
/// <param name="Name">The product's name when added.</param>
/// <param name="Quantity">Units on the plate.</param>
/// <param name="Bom">The product's BOM when added (a snapshot: later edits of the product do not change the run).</param>
/// <param name="BedPosition">Optional position on the bed.</param>
/// <param name="Successful">Successful units, once recorded.</param>
/// <param name="Failed">Failed units, once recorded.</param>
public sealed record RunItem(
    ProductId ProductId,
    string Sku,
    string Name,
    int Quantity,
    IReadOnlyList<BomLine> Bom,
    string? BedPosition = null,
    int? Successful = null,
    int? Failed = null)
{
    /// <summary>True when successful and failed counts are recorded.</summary>
    public bool HasOutcome => Successful is not null && Failed is not null;

    /// <summary>Estimated filament for the item: quantity x grams per unit over all lines.</summary>
    public Mass EstimatedGrams
    {
        get
        {
            var total = Mass.Zero;
            for (var i = 0; i < Bom.Count; i++)
            {
                total += Bom[i].GramsPerUnit;
            }

            return total * Quantity;
        }
    }

    /// <summary>Estimated filament of one material for the item.</summary>
    /// <param name="material">The material.</param>
    /// <returns>Quantity x grams per unit of that line (zero if none).</returns>
    public Mass EstimatedGramsFor(MaterialSpec material)
    {
        for (var i = 0; i < Bom.Count; i++)
        {
            if (Bom[i].Material == material)
            {
                return Bom[i].GramsPerUnit * Quantity;
            }
        }

        return Mass.Zero;
    }

    /// <summary>Estimated support material of one material for the item.</summary>
    /// <param name="material">The material.</param>
    /// <returns>Quantity x support grams per unit of that line (zero if none).</returns>
    public Mass EstimatedSupportsFor(MaterialSpec material)
    {
        for (var i = 0; i < Bom.Count; i++)
        {
            if (Bom[i].Material == material)
            {
                return Bom[i].SupportGramsPerUnit * Quantity;
            }
        }

        return Mass.Zero;
    }

    /// <summary>Shows <c>3/3 successful</c> or <c>9/10 successful (1 failed)</c>; <c>not recorded</c> before outcomes.</summary>
    /// <returns>The text.</returns>
    public string OutcomeText() => Successful is { } ok && Failed is { } failed
        ? failed > 0 ? $"{ok}/{Quantity} successful ({failed} failed)" : $"{ok}/{Quantity} successful"
        : $"{Quantity} planned, outcome not recorded";
}

/// <summary>A spool assigned to a run, with its estimates and weighings.</summary>
/// <param name="SpoolId">The spool.</param>
/// <param name="SpoolCode">The spool's code.</param>
/// <param name="Material">The spool's filament.</param>
/// <param name="CostPerGram">The spool's cost per gram when assigned (a snapshot).</param>
/// <param name="EstimatedModel">Estimated model grams (supports included) from this spool.</param>
/// <param name="EstimatedSupports">Of which supports.</param>
/// <param name="EstimatedPurge">Estimated purge (flush) grams.</param>
/// <param name="EstimatedTower">Estimated prime tower grams.</param>
/// <param name="WeightBefore">Gross weight before the run.</param>
/// <param name="WeightAfter">Gross weight after the run.</param>
/// <param name="ActualSupports">Recorded support grams actually used, if measured.</param>
/// <param name="ActualPurge">Recorded purge grams, if measured.</param>
/// <param name="ActualTower">Recorded tower grams, if measured.</param>
public sealed record RunMaterial(
    SpoolId SpoolId,
    string SpoolCode,
    Material Material,
    Money CostPerGram,
    Mass EstimatedModel,
    Mass EstimatedSupports,
    Mass EstimatedPurge,
    Mass EstimatedTower,
    Mass? WeightBefore = null,
    Mass? WeightAfter = null,
    Mass? ActualSupports = null,
    Mass? ActualPurge = null,
    Mass? ActualTower = null)
{
    /// <summary>Estimated total from this spool: model + purge + tower.</summary>
    public Mass EstimatedTotal => EstimatedModel + EstimatedPurge + EstimatedTower;

    /// <summary>Actual usage: weight before - weight after (the tare cancels out); null until both are known.</summary>
    public Mass? Actual => WeightBefore is { } before && WeightAfter is { } after ? before - after : null;

    /// <summary>Actual - estimated total; null until weighed after.</summary>
    public Mass? Variance => Actual is { } actual ? actual - EstimatedTotal : null;

    /// <summary>Purge and tower actually used: recorded values, else the estimates.</summary>
    public Mass PurgeTowerUsed => (ActualPurge ?? EstimatedPurge) + (ActualTower ?? EstimatedTower);
}

/// <summary>What a <see cref="PreflightWarning"/> is about.</summary>
public enum PreflightWarningKind
{
    /// <summary>The spool may not hold enough filament for the run.</summary>
    NotEnoughFilament,

    /// <summary>Neither the spool's tare nor its brand's is known, so the filament left cannot be known.</summary>
    UnknownTare,

    /// <summary>A weight before or after is below the spool's tare: the tare or the weighing is wrong.</summary>
    BelowTare,
}

/// <summary>
/// A warning (never an error) about a run's spool: it may not hold enough filament, its tare is unknown, or a weighing
/// is below its tare.
/// </summary>
/// <param name="SpoolCode">The spool.</param>
/// <param name="Remaining">Filament on the spool: weight before (or last weighing) - tare; zero when it cannot be known.</param>
/// <param name="Needed">The estimated total from this spool.</param>
public sealed record PreflightWarning(string SpoolCode, Mass Remaining, Mass Needed)
{
    /// <summary>What the warning is about.</summary>
    public PreflightWarningKind Kind { get; init; }

    /// <summary>True when the run had started (or ended) when the warning is shown, so the advice no longer says to act before starting.</summary>
    public bool RunStarted { get; init; }

    /// <summary>For <see cref="PreflightWarningKind.BelowTare"/>: the weighing below the tare.</summary>
    public Mass? Gross { get; init; }

    /// <summary>For <see cref="PreflightWarningKind.BelowTare"/>: the tare it is below.</summary>
    public Mass? Tare { get; init; }

    /// <summary>For <see cref="PreflightWarningKind.BelowTare"/>: which weighing, "before" or "after".</summary>
    public string? When { get; init; }

    /// <summary>The warning as one line: what is wrong and what to do.</summary>
    public string Message => Kind switch
    {
        PreflightWarningKind.UnknownTare =>
            $"Spool {SpoolCode} has no empty-spool weight and none is registered for its brand, so the filament left on it cannot be known (the run is estimated to need {Needed}). Set the spool's tare or its brand's.",
        PreflightWarningKind.BelowTare =>
            $"Spool {SpoolCode} weighs {Limits.Grams(Gross?.Grams ?? 0m)} {When}, less than its empty-spool weight of {Limits.Grams(Tare?.Grams ?? 0m)}: the tare or the weighing is wrong. Check the spool's tare, or weigh it again.",
        _ => RunStarted
            ? $"Spool {SpoolCode} had {Remaining} of filament left but the run is estimated to need {Needed}. Watch the print and have another spool ready to swap in."
            : $"Spool {SpoolCode} has {Remaining} of filament left but the run is estimated to need {Needed}. Swap or add a spool before starting, or start anyway.",
    };
}

/// <summary>Estimates read from a slicer's output for one spool of a run.</summary>
/// <param name="SpoolCode">The spool (as assigned to the run).</param>
/// <param name="Model">Model grams (supports included).</param>
/// <param name="Purge">Purge grams.</param>
/// <param name="Tower">Tower grams.</param>
public sealed record SlicerSpoolEstimate(string SpoolCode, Mass Model, Mass Purge, Mass Tower);

/// <summary>Estimates read from a slicer's output for a whole run.</summary>
/// <param name="SourceName">The file or slicer it came from.</param>
/// <param name="Spools">One entry per spool of the run.</param>
/// <param name="PrintTime">The slicer's print time, if given.</param>
public sealed record SlicerEstimate(string SourceName, IReadOnlyList<SlicerSpoolEstimate> Spools, TimeSpan? PrintTime);
