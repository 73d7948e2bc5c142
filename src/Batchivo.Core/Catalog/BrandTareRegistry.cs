namespace Batchivo.Catalog;

/// <summary>The empty-spool weight of a brand's spools, optionally per spool type (plastic, cardboard...).</summary>
/// <param name="Brand">The brand, e.g. Bambu Lab.</param>
/// <param name="SpoolType">The spool type, or null for the brand's usual spool.</param>
/// <param name="Tare">The empty-spool weight.</param>
public sealed record BrandTare(string Brand, string? SpoolType, Mass Tare)
{
    /// <summary>Checks the values.</summary>
    /// <returns>This entry.</returns>
    /// <exception cref="DomainRuleException">The brand is empty or the tare not positive.</exception>
    public BrandTare Validate()
    {
        MaterialSpec.Required(Brand, "brand", "Bambu Lab");
        Limits.Length(SpoolType?.Trim(), Limits.MaxCodeLength, "spool type");
        Mass.Weight(Tare.Grams, $"empty-spool weight of {Brand}");
        return this;
    }
}

/// <summary>Empty-spool weights per brand, used when a spool's own tare is not known.</summary>
/// <remarks>Immutable; lookups ignore case.</remarks>
public sealed class BrandTareRegistry
{
    private readonly Dictionary<(string Brand, string Type), Mass> _tares = new(BrandKeyComparer.Instance);

    /// <summary>Creates the registry.</summary>
    /// <param name="entries">The entries; a later entry for the same brand and type wins.</param>
    public BrandTareRegistry(IEnumerable<BrandTare> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            _tares[(entry.Brand.Trim(), entry.SpoolType?.Trim() ?? string.Empty)] = entry.Tare;
        }
    }

    /// <summary>An empty registry.</summary>
    public static BrandTareRegistry Empty { get; } = new([]);

    /// <summary>All entries.</summary>
    public IReadOnlyList<BrandTare> Entries =>
        [.. _tares.Select(kv => new BrandTare(kv.Key.Brand, kv.Key.Type.Length == 0 ? null : kv.Key.Type, kv.Value))];

    /// <summary>Finds the tare for a brand and spool type: the exact type first, then the brand's usual spool.</summary>
    /// <param name="brand">The brand.</param>
    /// <param name="spoolType">The spool type, if known.</param>
    /// <returns>The tare, or null.</returns>
    public Mass? Find(string? brand, string? spoolType)
    {
        if (string.IsNullOrWhiteSpace(brand))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(spoolType) && _tares.TryGetValue((brand.Trim(), spoolType.Trim()), out var typed))
        {
            return typed;
        }

        return _tares.TryGetValue((brand.Trim(), string.Empty), out var usual) ? usual : null;
    }

    private sealed class BrandKeyComparer : IEqualityComparer<(string Brand, string Type)>
    {
        public static readonly BrandKeyComparer Instance = new();

        public bool Equals((string Brand, string Type) x, (string Brand, string Type) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Brand, y.Brand) && StringComparer.OrdinalIgnoreCase.Equals(x.Type, y.Type);

        public int GetHashCode((string Brand, string Type) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Brand), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Type));
    }
}
