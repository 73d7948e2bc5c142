namespace Batchivo.Catalog;

/// <summary>What a BOM line asks for: a material type and colour (e.g. PLA Black), whatever the brand.</summary>
/// <remarks>Equality ignores case and surrounding spaces, so "pla black" matches "PLA Black".</remarks>
public sealed class MaterialSpec : IEquatable<MaterialSpec>
{
    /// <summary>Creates a specification.</summary>
    /// <param name="type">The material type, e.g. PLA, PETG, ABS, TPU.</param>
    /// <param name="colour">The colour name, e.g. Black.</param>
    /// <exception cref="DomainRuleException">The type or colour is empty.</exception>
    public MaterialSpec(string type, string colour)
    {
        Type = Required(type, "material type", "PLA");
        Colour = Required(colour, "material colour", "Black");
    }

    /// <summary>The material type, e.g. PLA.</summary>
    public string Type { get; }

    /// <summary>The colour name, e.g. Black.</summary>
    public string Colour { get; }

    /// <summary>Parses "PLA Black" (type, then colour).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The specification.</returns>
    /// <exception cref="DomainRuleException">The text has no colour.</exception>
    public static MaterialSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new DomainRuleException(DomainRule.CatalogValue, $"'{text}' is not a material. Give the type and the colour, e.g. 'PLA Black'.");
        }

        return new MaterialSpec(trimmed[..space], trimmed[(space + 1)..]);
    }

    /// <inheritdoc />
    public bool Equals(MaterialSpec? other) =>
        other is not null
        && string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Colour, other.Colour, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MaterialSpec);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Type),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Colour));

    /// <summary>Compares two specifications.</summary>
    public static bool operator ==(MaterialSpec? left, MaterialSpec? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two specifications.</summary>
    public static bool operator !=(MaterialSpec? left, MaterialSpec? right) => !(left == right);

    /// <summary>Shows "PLA Black".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Type} {Colour}";

    internal static string Required(string? value, string what, string example, int maxLength = Limits.MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainRuleException(DomainRule.CatalogValue, $"The {what} is missing. Give one, e.g. '{example}'.");
        }

        return Limits.Length(value.Trim(), maxLength, what)!;
    }
}

/// <summary>The filament on a spool: its specification plus brand and colour code.</summary>
/// <param name="Spec">Type and colour.</param>
/// <param name="Brand">The brand, used to find the empty-spool weight when the spool's own is unknown.</param>
/// <param name="ColourHex">Optional colour as hex, e.g. <c>#000000</c>.</param>
public sealed record Material(MaterialSpec Spec, string? Brand = null, string? ColourHex = null)
{
    /// <summary>Shows "PLA Black".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Spec.ToString();
}
