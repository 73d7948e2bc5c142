using System.Text;
using Batchivo.Catalog;
using Batchivo.Production;
using Batchivo.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Core.Tests.Properties;

/// <summary>A call the domain must refuse: what to set up first (allowed calls), then the refused call.</summary>
/// <param name="Name">What is attempted.</param>
/// <param name="Rule">The rule it breaks, or null when any domain error will do.</param>
/// <param name="Arrange">Allowed changes to make before the snapshot.</param>
/// <param name="Act">The call that must throw.</param>
public sealed record RefusedCall(string Name, DomainRule? Rule, Action Arrange, Action Act)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A run in some state and a call it must refuse.</summary>
/// <param name="History">The history the run is the last of.</param>
/// <param name="Run">The run.</param>
/// <param name="Call">The call.</param>
public sealed record RefusedCallCase(History History, ProductionRun Run, RefusedCall Call)
{
    /// <inheritdoc />
    public override string ToString() => $"{Call.Name} on #{Run.Number} ({Run.Status}){Environment.NewLine}{History}";
}

/// <summary>One edit of a draft.</summary>
public abstract record EditOp;

/// <summary>Add a product (index modulo) if not on the plate.</summary>
/// <param name="Product">Product index.</param>
/// <param name="Quantity">Units.</param>
public sealed record AddItemOp(int Product, int Quantity) : EditOp;

/// <summary>Remove an item (index modulo) if any.</summary>
/// <param name="Index">Item index.</param>
public sealed record RemoveItemOp(int Index) : EditOp;

/// <summary>Assign a spool (index modulo) if not assigned and a slot is free.</summary>
/// <param name="Spool">Spool index.</param>
/// <param name="Purge">Estimated purge, tenths.</param>
/// <param name="Tower">Estimated tower, tenths.</param>
public sealed record AssignOp(int Spool, int Purge, int Tower) : EditOp;

/// <summary>Unassign a spool (index modulo) if any.</summary>
/// <param name="Index">Material index.</param>
public sealed record UnassignOp(int Index) : EditOp;

/// <summary>Apply a slicer estimate to the assigned spools, if any.</summary>
/// <param name="Lines">Lines by spool position.</param>
public sealed record SlicerOp(IReadOnlyList<SlicerLinePlan> Lines) : EditOp;

/// <summary>A draft after edits, with the last slicer estimate applied (null when none, or BOM estimates since).</summary>
/// <param name="Farm">The catalog.</param>
/// <param name="Run">The draft.</param>
/// <param name="Ops">The edits.</param>
/// <param name="LastSlicer">Model grams per spool code of the slicer estimate in force, if any.</param>
public sealed record EditedDraft(Farm Farm, ProductionRun Run, IReadOnlyList<EditOp> Ops, IReadOnlyDictionary<string, Mass>? LastSlicer)
{
    /// <inheritdoc />
    public override string ToString() => $"{string.Join("; ", Ops)}{Environment.NewLine}{Farm}{History.Describe(Run)}";
}
