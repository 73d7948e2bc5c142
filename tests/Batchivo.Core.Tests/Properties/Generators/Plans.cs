using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

/// <summary>The state a generated run is driven to.</summary>
public enum Target
{
    /// <summary>Left as a draft (some spools weighed before).</summary>
    Draft,

    /// <summary>Left as a draft ready to start: every spool weighed before, nothing taken off again.</summary>
    Ready,

    /// <summary>Started; some weights after, outcomes and measured waste maybe recorded.</summary>
    InProgress,

    /// <summary>Started and every spool weighed after; outcomes maybe recorded; not completed yet.</summary>
    Printed,

    /// <summary>Completed with outcomes and maybe a rating.</summary>
    Completed,

    /// <summary>Failed as a whole plate.</summary>
    Failed,

    /// <summary>Cancelled as a draft.</summary>
    CancelledDraft,

    /// <summary>Cancelled while printing, with some weights after.</summary>
    CancelledInProgress,
}

/// <summary>How a draft is stripped after set-up, so drafts without products or spools occur.</summary>
public enum DraftStrip
{
    /// <summary>Kept as set up.</summary>
    None,

    /// <summary>Every product removed.</summary>
    RemoveItems,

    /// <summary>Every spool unassigned.</summary>
    UnassignSpools,

    /// <summary>The first spool unassigned.</summary>
    UnassignFirstSpool,
}

/// <summary>A product on a plate: which (index modulo the catalog), how many, the share that comes out well.</summary>
/// <param name="Product">Product index (modulo the catalog).</param>
/// <param name="Quantity">Units.</param>
/// <param name="SuccessPercent">Successful share, in percent (rounded down).</param>
public sealed record ItemPlan(int Product, int Quantity, int SuccessPercent);

/// <summary>What happens to one spool of a run; grams in tenths.</summary>
/// <param name="Purge">Estimated purge.</param>
/// <param name="Tower">Estimated tower.</param>
/// <param name="Jitter">Weight before minus the spool's last weighing.</param>
/// <param name="Spread">-1000..1000: where the usage falls within the history's noise band.</param>
/// <param name="Extra">Extra usage on top of the estimate-based figure.</param>
/// <param name="Supports">Measured supports, if measured.</param>
/// <param name="MeasuredPurge">Measured purge, if measured.</param>
/// <param name="MeasuredTower">Measured tower, if measured.</param>
/// <param name="WeighBefore">Whether a draft weighs this spool before.</param>
/// <param name="WeighAfter">Whether a run in progress or cancelled weighs this spool after.</param>
public sealed record SpoolUsePlan(int Purge, int Tower, int Jitter, int Spread, int Extra, int? Supports, int? MeasuredPurge, int? MeasuredTower, bool WeighBefore, bool WeighAfter);

/// <summary>A slicer's line for one spool; grams in tenths.</summary>
/// <param name="Model">Model grams.</param>
/// <param name="Purge">Purge grams.</param>
/// <param name="Tower">Tower grams.</param>
public sealed record SlicerLinePlan(int Model, int Purge, int Tower);

/// <summary>A slicer estimate: lines for up to 4 spools, maybe a print time.</summary>
/// <param name="Lines">Lines, by spool position.</param>
/// <param name="PrintMinutes">The print time, if given.</param>
public sealed record SlicerPlan(IReadOnlyList<SlicerLinePlan> Lines, int? PrintMinutes);

/// <summary>One run's random choices, resolved against the farm when played.</summary>
/// <param name="Target">The state to drive the run to.</param>
/// <param name="Printer">Printer index (modulo; the first printer when too few slots).</param>
/// <param name="Items">Products on the plate (duplicates dropped).</param>
/// <param name="SameSpecExtras">Extra spools of the first material (to split its estimate).</param>
/// <param name="OtherSpecExtra">Whether a spool of a material no product needs is added.</param>
/// <param name="Spools">Per spool position, what happens to it.</param>
/// <param name="Slicer">A slicer estimate replacing the BOM's, if any.</param>
/// <param name="Quality">The rating, if any.</param>
/// <param name="RateEarly">Rate while printing rather than on completion.</param>
/// <param name="RecordOutcomes">Whether a run that is not completed records outcomes.</param>
/// <param name="Gap">Minutes since the previous run was created.</param>
/// <param name="StartDelay">Minutes from creation to start.</param>
/// <param name="Duration">Minutes from start to end.</param>
/// <param name="EstimatedMinutes">Estimated duration, if any.</param>
/// <param name="Reprint">Whether to reprint an earlier run's failed units, when one has some.</param>
/// <param name="Pick">Which candidate (modulo) to reprint, which spool to take first.</param>
/// <param name="Strip">For drafts: what to take off again.</param>
public sealed record RunPlan(
    Target Target,
    int Printer,
    IReadOnlyList<ItemPlan> Items,
    int SameSpecExtras,
    bool OtherSpecExtra,
    IReadOnlyList<SpoolUsePlan> Spools,
    SlicerPlan? Slicer,
    int? Quality,
    bool RateEarly,
    bool RecordOutcomes,
    int Gap,
    int StartDelay,
    int Duration,
    int? EstimatedMinutes,
    bool Reprint,
    int Pick,
    DraftStrip Strip);
