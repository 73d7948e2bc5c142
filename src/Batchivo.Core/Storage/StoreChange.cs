using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Storage;

/// <summary>The kind of entity a change log entry is about.</summary>
public enum StoreEntity
{
    /// <summary>A production run (key: its number).</summary>
    Run,

    /// <summary>A spool (key: its code).</summary>
    Spool,

    /// <summary>A product (key: its SKU).</summary>
    Product,

    /// <summary>A printer (key: its name).</summary>
    Printer,

    /// <summary>A brand tare (key: brand, and spool type after a slash when it has one).</summary>
    BrandTare,
}

/// <summary>What a commit did to an entity.</summary>
public enum StoreChangeKind
{
    /// <summary>The entity was stored for the first time.</summary>
    Created,

    /// <summary>Anything else: an edit, a run's products, spools or notes.</summary>
    Changed,

    /// <summary>A run went to <see cref="RunStatus.InProgress"/>.</summary>
    Started,

    /// <summary>A run went to <see cref="RunStatus.Completed"/>.</summary>
    Completed,

    /// <summary>A run went to <see cref="RunStatus.Failed"/>.</summary>
    Failed,

    /// <summary>A run went to <see cref="RunStatus.Cancelled"/>.</summary>
    Cancelled,

    /// <summary>A spool was weighed (a <see cref="LedgerEntryKind.Weighed"/> entry was added to its ledger).</summary>
    Weighed,

    /// <summary>A spool's ledger got an entry other than a weighing (a run's consumption, an adjustment).</summary>
    LedgerEntry,
}

/// <summary>
/// One entity stored by a commit, as the store's change log keeps it: the log is written in the commit's own
/// transaction, so every process sharing the database sees every commit, in commit order.
/// </summary>
/// <param name="Sequence">The position in the log: increasing in commit order, never reused (gaps allowed).</param>
/// <param name="Entity">The kind of entity.</param>
/// <param name="Key">The entity's key when it was stored: run number, spool code, SKU, printer name, or brand[/type].</param>
/// <param name="Version">The version the commit stored (0 for brand tares, which carry none).</param>
/// <param name="Kind">What the commit did to it.</param>
public sealed record StoreChange(long Sequence, StoreEntity Entity, string Key, long Version, StoreChangeKind Kind)
{
    /// <summary>The kind of a run's change, from its status before the commit (null: new) and after it.</summary>
    /// <param name="before">The stored status, or null when the run is new.</param>
    /// <param name="after">The status the commit stores.</param>
    /// <returns>The kind.</returns>
    public static StoreChangeKind OfRun(RunStatus? before, RunStatus after)
    {
        if (before is null)
        {
            return StoreChangeKind.Created;
        }

        if (before == after)
        {
            return StoreChangeKind.Changed;
        }

        return after switch
        {
            RunStatus.InProgress => StoreChangeKind.Started,
            RunStatus.Completed => StoreChangeKind.Completed,
            RunStatus.Failed => StoreChangeKind.Failed,
            RunStatus.Cancelled => StoreChangeKind.Cancelled,
            _ => StoreChangeKind.Changed,
        };
    }

    /// <summary>The kind of a spool's change, from whether it is new and the kinds of the ledger entries the commit adds.</summary>
    /// <param name="created">True when the spool is new.</param>
    /// <param name="added">The kinds of the entries the commit appends to its ledger.</param>
    /// <returns>The kind.</returns>
    public static StoreChangeKind OfSpool(bool created, IEnumerable<LedgerEntryKind> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        if (created)
        {
            return StoreChangeKind.Created;
        }

        var kinds = added.ToList();
        return kinds.Contains(LedgerEntryKind.Weighed) ? StoreChangeKind.Weighed
            : kinds.Count > 0 ? StoreChangeKind.LedgerEntry
            : StoreChangeKind.Changed;
    }

    /// <summary>The key of a brand tare in the change log: the brand, and the spool type after a slash when it has one.</summary>
    /// <param name="tare">The brand tare.</param>
    /// <returns>The key.</returns>
    public static string KeyOf(BrandTare tare)
    {
        ArgumentNullException.ThrowIfNull(tare);
        return tare.SpoolType is { Length: > 0 } type ? tare.Brand + "/" + type : tare.Brand;
    }
}
