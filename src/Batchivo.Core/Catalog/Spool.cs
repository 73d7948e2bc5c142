namespace Batchivo.Catalog;

/// <summary>What changed a spool's weight.</summary>
public enum LedgerEntryKind
{
    /// <summary>The spool was put on a scale (its gross weight was read).</summary>
    Weighed,

    /// <summary>A production run consumed filament from the spool.</summary>
    ConsumedByRun,

    /// <summary>The weight was corrected by hand, with a reason.</summary>
    Adjusted,
}

/// <summary>One change of a spool's gross weight. The ledger explains the spool's weight from its history.</summary>
/// <param name="Sequence">1, 2, 3... within the spool.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What changed the weight.</param>
/// <param name="GrossBefore">The gross weight before (null for the first entry).</param>
/// <param name="GrossAfter">The gross weight after.</param>
/// <param name="RunId">The run, for run-related entries.</param>
/// <param name="RunNumber">The run's number, for run-related entries.</param>
/// <param name="Note">Why, e.g. "weighed before run #42".</param>
public sealed record SpoolLedgerEntry(
    int Sequence,
    DateTimeOffset At,
    LedgerEntryKind Kind,
    Mass? GrossBefore,
    Mass GrossAfter,
    RunId? RunId,
    int? RunNumber,
    string? Note)
{
    /// <summary>The change of gross weight (after - before; the whole weight for the first entry).</summary>
    public Mass Delta => GrossAfter - (GrossBefore ?? Mass.Zero);

    /// <summary>What happened, in words a user reads, e.g. <c>Used by run #42</c> or <c>Weighed before run #42</c>.</summary>
    public string Description => Kind switch
    {
        LedgerEntryKind.ConsumedByRun => RunNumber is { } used ? $"Used by run #{used}" : "Used by a run",
        LedgerEntryKind.Adjusted => "Corrected by hand",
        _ => RunNumber is { } weighed ? $"Weighed before run #{weighed}" : Sequence == 1 ? "First weighing" : "Weighed",
    };
}

/// <summary>The stored form of a <see cref="Spool"/>, for stores.</summary>
/// <param name="Id">The id.</param>
/// <param name="Code">The unique code, e.g. PLA-001.</param>
/// <param name="Material">The filament.</param>
/// <param name="NominalNet">The nominal net filament weight when new, e.g. 1000 g.</param>
/// <param name="Price">The purchase price.</param>
/// <param name="Tare">The empty-spool weight, when known.</param>
/// <param name="SpoolType">The kind of spool (e.g. plastic, cardboard), to find a brand tare.</param>
/// <param name="GrossWeight">The last weighing, when weighed.</param>
/// <param name="ActiveRunId">The run in progress using the spool, if any.</param>
/// <param name="Ledger">Every weight change, oldest first.</param>
/// <param name="Version">The stored version (0 for a spool never stored).</param>
public sealed record SpoolState(
    SpoolId Id,
    string Code,
    Material Material,
    Mass NominalNet,
    Money Price,
    Mass? Tare,
    string? SpoolType,
    Mass? GrossWeight,
    RunId? ActiveRunId,
    IReadOnlyList<SpoolLedgerEntry> Ledger,
    long Version);

/// <summary>A spool of filament: what it holds, what it cost, and the ledger of every weight change.</summary>
/// <remarks>Not thread-safe; load, change and commit it within one unit of work.</remarks>
public sealed class Spool
{
    private readonly List<SpoolLedgerEntry> _ledger;

    private Spool(SpoolState state)
    {
        Id = state.Id;
        Code = state.Code;
        Material = state.Material;
        NominalNet = state.NominalNet;
        Price = state.Price;
        Tare = state.Tare;
        SpoolType = state.SpoolType;
        GrossWeight = state.GrossWeight;
        ActiveRunId = state.ActiveRunId;
        _ledger = [.. state.Ledger];
        Version = state.Version;
        StoredLedgerCount = state.Version > 0 ? _ledger.Count : 0;
    }

    /// <summary>The id.</summary>
    public SpoolId Id { get; }

    /// <summary>The unique code, e.g. PLA-001.</summary>
    public string Code { get; }

    /// <summary>The filament.</summary>
    public Material Material { get; private set; }

    /// <summary>The nominal net filament weight when new.</summary>
    public Mass NominalNet { get; private set; }

    /// <summary>The purchase price.</summary>
    public Money Price { get; private set; }

    /// <summary>The spool's own empty weight, when known.</summary>
    public Mass? Tare { get; private set; }

    /// <summary>The kind of spool (plastic, cardboard...), used with the brand to find a registered tare.</summary>
    public string? SpoolType { get; private set; }

    /// <summary>The last weighing (gross: filament plus spool), or null before the first.</summary>
    public Mass? GrossWeight { get; private set; }

    /// <summary>The run in progress that has this spool on its printer, if any.</summary>
    public RunId? ActiveRunId { get; private set; }

    /// <summary>Every weight change, oldest first.</summary>
    public IReadOnlyList<SpoolLedgerEntry> Ledger => _ledger;

    /// <summary>The stored version this object was read at (0 if never stored).</summary>
    public long Version { get; private set; }

    /// <summary>How many ledger entries were stored when this object was read or last committed (the entries after them are new).</summary>
    internal int StoredLedgerCount { get; private set; }

    /// <summary>Price per gram of filament: price / nominal net weight.</summary>
    public Money CostPerGram => new(Price.Amount / NominalNet.Grams, Price.Currency);

    /// <summary>Creates a new spool.</summary>
    /// <param name="code">The unique code, e.g. PLA-001.</param>
    /// <param name="material">The filament.</param>
    /// <param name="nominalNet">The nominal net weight, e.g. 1000 g.</param>
    /// <param name="price">The purchase price.</param>
    /// <param name="at">Now.</param>
    /// <param name="tare">The empty-spool weight, when known.</param>
    /// <param name="spoolType">The kind of spool, to find a brand tare.</param>
    /// <param name="initialGross">A first weighing, if the spool was weighed.</param>
    /// <returns>The spool.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    public static Spool Create(
        string code,
        Material material,
        Mass nominalNet,
        Money price,
        DateTimeOffset at,
        Mass? tare = null,
        string? spoolType = null,
        Mass? initialGross = null)
    {
        ArgumentNullException.ThrowIfNull(material);
        var validCode = MaterialSpec.Required(code, "spool code", "PLA-001", Limits.MaxCodeLength);
        ValidateCatalog(validCode, material, nominalNet, price, tare, spoolType);
        var spool = new Spool(new SpoolState(SpoolId.New(), validCode, material, nominalNet, price, tare, Normalize(spoolType), null, null, [], 0));
        if (initialGross is { } gross)
        {
            spool.RecordWeighing(gross, at, "first weighing");
        }

        return spool;
    }

    /// <summary>Rebuilds a spool from its stored form.</summary>
    /// <param name="state">The stored form.</param>
    /// <returns>The spool.</returns>
    public static Spool Restore(SpoolState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Spool(state);
    }

    /// <summary>The stored form of this spool.</summary>
    /// <returns>The state.</returns>
    public SpoolState ToState() =>
        new(Id, Code, Material, NominalNet, Price, Tare, SpoolType, GrossWeight, ActiveRunId, [.. _ledger], Version);

    /// <summary>The empty-spool weight: the spool's own, else the brand's from the registry.</summary>
    /// <param name="brandTares">The registry of brand tares.</param>
    /// <returns>The tare, or null when neither is known.</returns>
    public Mass? ResolveTare(BrandTareRegistry? brandTares) =>
        Tare ?? brandTares?.Find(Material.Brand, SpoolType);

    /// <summary>Remaining filament: gross - tare, never below zero; null when not weighed or tare unknown.</summary>
    /// <param name="brandTares">The registry of brand tares.</param>
    /// <returns>The remaining filament.</returns>
    public Mass? Remaining(BrandTareRegistry? brandTares) =>
        GrossWeight is { } gross && ResolveTare(brandTares) is { } tare ? (gross - tare).ClampToZero() : null;

    /// <summary>
    /// Filament used since the spool was first weighed: the first weighing's gross weight minus the current one, never
    /// below zero (runs, prints outside runs and corrections all count); null before the first weighing.
    /// </summary>
    public Mass? UsedSinceFirstWeighing =>
        _ledger.Count == 0 || GrossWeight is not { } now ? null : (_ledger[0].GrossAfter - now).ClampToZero();

    /// <summary>Records a weighing of the spool (its gross weight on a scale).</summary>
    /// <param name="gross">The reading.</param>
    /// <param name="at">When.</param>
    /// <param name="note">Why, optional.</param>
    /// <exception cref="DomainRuleException">The weight is not positive.</exception>
    public void RecordWeighing(Mass gross, DateTimeOffset at, string? note = null)
    {
        var weight = Mass.Weight(gross.Grams, $"weight of spool {Code}");
        Limits.Length(note?.Trim(), Limits.MaxTextLength, $"note of the weighing of spool {Code}");
        Append(LedgerEntryKind.Weighed, weight, at, null, null, note);
    }

    /// <summary>Corrects the spool's weight by hand.</summary>
    /// <param name="gross">The corrected gross weight.</param>
    /// <param name="reason">Why; required so the ledger explains it.</param>
    /// <param name="at">When.</param>
    /// <exception cref="DomainRuleException">The weight is not positive, or the reason is missing.</exception>
    public void Adjust(Mass gross, string reason, DateTimeOffset at)
    {
        var weight = Mass.Weight(gross.Grams, $"corrected weight of spool {Code}");
        var why = MaterialSpec.Required(reason, "reason for the correction", "found a tangle, rewound", Limits.MaxTextLength);
        Append(LedgerEntryKind.Adjusted, weight, at, null, null, why);
    }

    /// <summary>Changes the catalog data of the spool (not its weight, which only the ledger changes).</summary>
    /// <param name="material">New filament, or null to keep.</param>
    /// <param name="nominalNet">New nominal net weight, or null to keep.</param>
    /// <param name="price">New price, or null to keep.</param>
    /// <param name="tare">New tare, or null to keep.</param>
    /// <param name="spoolType">New spool type, or null to keep.</param>
    /// <exception cref="DomainRuleException">A value is out of range.</exception>
    internal void Edit(Material? material = null, Mass? nominalNet = null, Money? price = null, Mass? tare = null, string? spoolType = null)
    {
        ValidateCatalog(Code, material ?? Material, nominalNet ?? NominalNet, price ?? Price, tare ?? Tare, spoolType);
        Material = material ?? Material;
        NominalNet = nominalNet ?? NominalNet;
        Price = price ?? Price;
        Tare = tare ?? Tare;
        SpoolType = Normalize(spoolType) ?? SpoolType;
    }

    /// <summary>Applies a change to the catalog data; nothing changes when a value is refused.</summary>
    /// <param name="edit">The change.</param>
    /// <exception cref="DomainRuleException">A value is out of range.</exception>
    public void Edit(SpoolEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var material = edit.Material is null && edit.Brand is null && edit.ColourHex is null
            ? null
            : new Material(edit.Material ?? Material.Spec, edit.Brand ?? Material.Brand, edit.ColourHex ?? Material.ColourHex);
        Money? price = edit.PriceAmount is null && edit.Currency is null ? null : new Money(edit.PriceAmount ?? Price.Amount, edit.Currency ?? Price.Currency);
        Edit(material, edit.NominalNet, price, edit.Tare, edit.SpoolType);
    }

    internal void RecordRunWeighing(Mass gross, DateTimeOffset at, RunId runId, int runNumber) =>
        Append(LedgerEntryKind.Weighed, gross, at, runId, runNumber, $"weighed before run #{runNumber}");

    internal void ConsumeByRun(Mass after, DateTimeOffset at, RunId runId, int runNumber) =>
        Append(LedgerEntryKind.ConsumedByRun, after, at, runId, runNumber, $"used by run #{runNumber}");

    internal void MarkInUse(RunId runId) => ActiveRunId = runId;

    internal void Release(RunId runId)
    {
        if (ActiveRunId == runId)
        {
            ActiveRunId = null;
        }
    }

    internal void AcceptCommit(int committedLedgerCount)
    {
        Version++;
        StoredLedgerCount = committedLedgerCount;
    }

    private void Append(LedgerEntryKind kind, Mass after, DateTimeOffset at, RunId? runId, int? runNumber, string? note)
    {
        _ledger.Add(new SpoolLedgerEntry(_ledger.Count + 1, at, kind, GrossWeight, after, runId, runNumber, note));
        GrossWeight = after;
    }

    private static void ValidateCatalog(string code, Material material, Mass nominalNet, Money price, Mass? tare, string? spoolType)
    {
        ArgumentNullException.ThrowIfNull(material);
        Limits.Weight(nominalNet, $"nominal net weight of spool {code}", positive: true, "Give the filament weight of a new spool, e.g. 1000 g.");
        Limits.Price(price, $"price of spool {code}");
        if (tare is { } t)
        {
            Limits.Weight(t, $"empty-spool weight of spool {code}", positive: false, "Weigh the empty spool, or leave the tare unknown to use the brand's.");
        }

        Limits.Length(Normalize(spoolType), Limits.MaxCodeLength, $"spool type of spool {code}");
        Limits.Length(Normalize(material.Brand), Limits.MaxNameLength, $"brand of spool {code}");
        Limits.Length(Normalize(material.ColourHex), Limits.MaxCodeLength, $"colour code of spool {code}");
    }

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
