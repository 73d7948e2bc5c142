namespace Batchivo;

/// <summary>The base of every error Batchivo throws on purpose. Its message says what was wrong and what to do.</summary>
public abstract class BatchivoException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected BatchivoException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A store was pointed at something that is not its database (another application's file or tables): the caller's
/// input, the path or connection string, is wrong, not the store. Hosts report it as bad input. Store plugins derive
/// their own error from it, so a host recognises it by type without referencing the plugin.
/// </summary>
public abstract class StoreInputException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected StoreInputException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The rules a domain call can break; <see cref="DomainRuleException.Rule"/> names the one that was.</summary>
public enum DomainRule
{
    /// <summary>A weight must be a positive number of grams.</summary>
    WeightMustBePositive,

    /// <summary>A spool's weight after a run cannot be above its weight before.</summary>
    WeightAfterAboveBefore,

    /// <summary>A quality rating is 1..5 stars.</summary>
    QualityRange,

    /// <summary>Successful + failed must equal the quantity of the item.</summary>
    OutcomeCountsMismatch,

    /// <summary>A quantity or count must be positive.</summary>
    QuantityMustBePositive,

    /// <summary>A currency must be an ISO 4217 code.</summary>
    CurrencyCode,

    /// <summary>Money in different currencies cannot be combined.</summary>
    CurrencyMismatch,

    /// <summary>The call is not allowed in the run's current status (including edits of a final run).</summary>
    RunState,

    /// <summary>Starting needs at least one product.</summary>
    NeedsItems,

    /// <summary>Starting needs at least one spool.</summary>
    NeedsSpools,

    /// <summary>Starting needs a weight before for every spool.</summary>
    NeedsWeightBefore,

    /// <summary>Completing or failing needs a weight after for every spool.</summary>
    NeedsWeightAfter,

    /// <summary>Completing needs the outcome of every item.</summary>
    NeedsOutcome,

    /// <summary>A spool is in at most one run in progress.</summary>
    SpoolInUse,

    /// <summary>A spool was weighed or used since its weight before was recorded.</summary>
    StaleWeighing,

    /// <summary>A material of the products has no spool of that material in the run.</summary>
    MaterialWithoutSpool,

    /// <summary>The spool is not assigned to the run, or is assigned twice.</summary>
    SpoolAssignment,

    /// <summary>The product is not in the run, or is added twice.</summary>
    ItemAssignment,

    /// <summary>The run has no failed units left to reprint.</summary>
    NothingToReprint,

    /// <summary>A catalog value (code, name, BOM line, price) is missing or out of range.</summary>
    CatalogValue,

    /// <summary>A slicer estimate does not fit the run.</summary>
    SlicerEstimate,

    /// <summary>A spool's tare is unknown and no brand tare is registered.</summary>
    UnknownTare,

    /// <summary>A statistics or calibration query is not valid.</summary>
    Query,

    /// <summary>A quantity, weight, price, duration or text is outside its range (see <see cref="Limits"/>).</summary>
    OutOfRange,

    /// <summary>The printer already has a run in progress; a printer prints one plate at a time.</summary>
    PrinterBusy,
}

/// <summary>A domain rule was broken. Nothing was changed or stored.</summary>
public class DomainRuleException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="rule">The broken rule.</param>
    /// <param name="message">What was wrong and what to do.</param>
    public DomainRuleException(DomainRule rule, string message)
        : base(message) => Rule = rule;

    /// <summary>The broken rule.</summary>
    public DomainRule Rule { get; }
}

/// <summary>A call is not allowed in the run's current status: a transition from the wrong state, an edit of a final run, or a second completion.</summary>
public sealed class RunStateException : DomainRuleException
{
    /// <summary>Creates the error.</summary>
    /// <param name="runNumber">The run's number.</param>
    /// <param name="status">The run's status.</param>
    /// <param name="action">What was attempted, e.g. "complete".</param>
    /// <param name="message">What was wrong and what to do.</param>
    public RunStateException(int runNumber, Production.RunStatus status, string action, string message)
        : base(DomainRule.RunState, message)
    {
        RunNumber = runNumber;
        Status = status;
        Action = action;
    }

    /// <summary>The run's number.</summary>
    public int RunNumber { get; }

    /// <summary>The run's status when the call was refused.</summary>
    public Production.RunStatus Status { get; }

    /// <summary>What was attempted.</summary>
    public string Action { get; }
}

/// <summary>Amounts in two currencies were combined.</summary>
public sealed class CurrencyMismatchException : DomainRuleException
{
    /// <summary>Creates the error.</summary>
    /// <param name="left">One currency.</param>
    /// <param name="right">The other currency.</param>
    public CurrencyMismatchException(string left, string right)
        : base(DomainRule.CurrencyMismatch, $"Amounts in {left} and {right} cannot be combined. Price all spools and components of a run, and of a report, in one currency.")
    {
        Left = left;
        Right = right;
    }

    /// <summary>One currency.</summary>
    public string Left { get; }

    /// <summary>The other currency.</summary>
    public string Right { get; }
}

/// <summary>A write was refused because the stored entity changed since it was read. Nothing was stored; read again and retry.</summary>
public sealed class ConcurrencyConflictException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="entity">The kind of entity, e.g. "spool".</param>
    /// <param name="key">Its key as the user knows it, e.g. "PLA-001".</param>
    /// <param name="expectedVersion">The version the writer had read.</param>
    /// <param name="innerException">The store's own error, if any.</param>
    public ConcurrencyConflictException(string entity, string key, long expectedVersion, Exception? innerException = null)
        : base($"The {entity} {key} was changed by someone else since it was read (expected version {expectedVersion}). Nothing was stored; reload it and try again.", innerException)
    {
        Entity = entity;
        Key = key;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The kind of entity.</summary>
    public string Entity { get; }

    /// <summary>The entity's key.</summary>
    public string Key { get; }

    /// <summary>The version the writer had read.</summary>
    public long ExpectedVersion { get; }
}

/// <summary>Something named in a call does not exist.</summary>
public sealed class NotFoundException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="entity">The kind of entity, e.g. "spool".</param>
    /// <param name="key">The key that was looked up.</param>
    public NotFoundException(string entity, string key)
        : base($"There is no {entity} '{key}'. Check the {entity} list for the right one, or add it first.")
    {
        Entity = entity;
        Key = key;
    }

    /// <summary>The kind of entity.</summary>
    public string Entity { get; }

    /// <summary>The key that was looked up.</summary>
    public string Key { get; }
}

/// <summary>A unique key (spool code, product SKU, printer name) is already taken. Nothing was stored.</summary>
public sealed class DuplicateKeyException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="entity">The kind of entity.</param>
    /// <param name="key">The key that is taken.</param>
    /// <param name="innerException">The store's own error, if any.</param>
    public DuplicateKeyException(string entity, string key, Exception? innerException = null)
        : base($"A {entity} '{key}' already exists. Choose another {entity} key, or edit the existing one.", innerException)
    {
        Entity = entity;
        Key = key;
    }

    /// <summary>The kind of entity.</summary>
    public string Entity { get; }

    /// <summary>The key that is taken.</summary>
    public string Key { get; }
}
