namespace Batchivo.Production;

/// <summary>
/// A run by its number, optionally at the version the caller last read (an HTTP <c>If-Match</c>, a form's hidden
/// field). A change to a run given with <see cref="ExpectedVersion"/> is refused with
/// <see cref="ConcurrencyConflictException"/> when the run changed since, and the check is the commit's own: a change
/// made between the caller's read and its write is never overwritten. A plain number converts to a <see cref="RunRef"/>.
/// </summary>
/// <param name="Number">The run's number.</param>
/// <param name="ExpectedVersion">The version the caller read, or null to change whatever is stored.</param>
public readonly record struct RunRef(int Number, long? ExpectedVersion = null)
{
    /// <summary>The run of this number, at any version.</summary>
    /// <param name="number">The run's number.</param>
    public static implicit operator RunRef(int number) => new(number);

    /// <summary>The run of this number, at any version.</summary>
    /// <param name="number">The run's number.</param>
    /// <returns>The reference.</returns>
    public static RunRef FromInt32(int number) => new(number);

    /// <summary>The run's number, as messages write it after '#'.</summary>
    /// <returns>The number.</returns>
    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
