namespace Batchivo;

/// <summary>Identifies a spool.</summary>
/// <param name="Value">The underlying value.</param>
public readonly record struct SpoolId(Guid Value)
{
    /// <summary>A new random id.</summary>
    /// <returns>The id.</returns>
    public static SpoolId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N")[..8];
}

/// <summary>Identifies a product.</summary>
/// <param name="Value">The underlying value.</param>
public readonly record struct ProductId(Guid Value)
{
    /// <summary>A new random id.</summary>
    /// <returns>The id.</returns>
    public static ProductId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N")[..8];
}

/// <summary>Identifies a printer.</summary>
/// <param name="Value">The underlying value.</param>
public readonly record struct PrinterId(Guid Value)
{
    /// <summary>A new random id.</summary>
    /// <returns>The id.</returns>
    public static PrinterId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N")[..8];
}

/// <summary>Identifies a production run (the user sees its <see cref="Production.ProductionRun.Number"/>).</summary>
/// <param name="Value">The underlying value.</param>
public readonly record struct RunId(Guid Value)
{
    /// <summary>A new random id.</summary>
    /// <returns>The id.</returns>
    public static RunId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N")[..8];
}
