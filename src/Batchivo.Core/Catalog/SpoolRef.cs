namespace Batchivo.Catalog;

/// <summary>
/// A spool by its code, optionally at the version the caller last read (an HTTP <c>If-Match</c>). A change to a spool
/// given with <see cref="ExpectedVersion"/> is refused with <see cref="ConcurrencyConflictException"/> when the spool
/// changed since; the commit checks the same version against every other writer. A plain code converts to a <see cref="SpoolRef"/>.
/// </summary>
/// <param name="Code">The spool's code.</param>
/// <param name="ExpectedVersion">The version the caller read, or null to change whatever is stored.</param>
public readonly record struct SpoolRef(string Code, long? ExpectedVersion = null)
{
    /// <summary>The spool of this code, at any version.</summary>
    /// <param name="code">The spool's code.</param>
    public static implicit operator SpoolRef(string code) => new(code);

    /// <summary>The spool of this code, at any version.</summary>
    /// <param name="code">The spool's code.</param>
    /// <returns>The reference.</returns>
    public static SpoolRef FromString(string code) => new(code);

    /// <summary>The spool's code.</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Code;
}
