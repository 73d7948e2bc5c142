namespace Batchivo.Catalog;

/// <summary>One material line of a bill of materials: grams per unit, of which supports.</summary>
/// <param name="Material">The material.</param>
/// <param name="GramsPerUnit">Filament per unit, supports included.</param>
/// <param name="SupportGramsPerUnit">Of which support material.</param>
public sealed record BomLine(MaterialSpec Material, Mass GramsPerUnit, Mass SupportGramsPerUnit)
{
    /// <summary>A line without supports.</summary>
    /// <param name="material">The material.</param>
    /// <param name="gramsPerUnit">Filament per unit.</param>
    public BomLine(MaterialSpec material, Mass gramsPerUnit)
        : this(material, gramsPerUnit, Mass.Zero)
    {
    }

    internal void Validate(string sku)
    {
        ArgumentNullException.ThrowIfNull(Material);
        if (GramsPerUnit.Grams <= 0m || GramsPerUnit.Grams > Limits.MaxGramsPerUnit)
        {
            throw new DomainRuleException(
                GramsPerUnit.Grams <= 0m ? DomainRule.CatalogValue : DomainRule.OutOfRange,
                $"Product {sku}: the grams per unit of {Material} must be more than 0 and at most {Limits.Exact(Limits.MaxGramsPerUnit)} g (10 kg), but {Limits.Exact(GramsPerUnit.Grams)} g was given. Give the filament one unit needs, e.g. 45.");
        }

        if (SupportGramsPerUnit.IsNegative || SupportGramsPerUnit > GramsPerUnit)
        {
            throw new DomainRuleException(DomainRule.CatalogValue, $"Product {sku}: support grams of {Material} must be between 0 and the grams per unit ({Limits.Exact(GramsPerUnit.Grams)} g), but {Limits.Exact(SupportGramsPerUnit.Grams)} g was given.");
        }
    }
}

/// <summary>A non-filament component of a product (magnet, screw, insert...).</summary>
/// <param name="Name">What it is.</param>
/// <param name="Count">How many per unit.</param>
/// <param name="UnitCost">The cost of one.</param>
public sealed record ProductComponent(string Name, int Count, Money UnitCost);

/// <summary>The stored form of a <see cref="Product"/>.</summary>
/// <param name="Id">The id.</param>
/// <param name="Sku">The unique SKU.</param>
/// <param name="Name">The name.</param>
/// <param name="Bom">The material lines.</param>
/// <param name="PrintTimePerUnit">Optional print time per unit.</param>
/// <param name="Components">Non-filament components.</param>
/// <param name="Version">The stored version (0 if never stored).</param>
public sealed record ProductState(
    ProductId Id,
    string Sku,
    string Name,
    IReadOnlyList<BomLine> Bom,
    TimeSpan? PrintTimePerUnit,
    IReadOnlyList<ProductComponent> Components,
    long Version);

/// <summary>A product in the catalog, with its bill of materials (BOM).</summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class Product
{
    private Product(ProductState state)
    {
        Id = state.Id;
        Sku = state.Sku;
        Name = state.Name;
        Bom = state.Bom;
        PrintTimePerUnit = state.PrintTimePerUnit;
        Components = state.Components;
        Version = state.Version;
    }

    /// <summary>The id.</summary>
    public ProductId Id { get; }

    /// <summary>The unique SKU.</summary>
    public string Sku { get; }

    /// <summary>The name, e.g. Phone Stand.</summary>
    public string Name { get; private set; }

    /// <summary>The material lines.</summary>
    public IReadOnlyList<BomLine> Bom { get; private set; }

    /// <summary>Optional print time per unit.</summary>
    public TimeSpan? PrintTimePerUnit { get; private set; }

    /// <summary>Non-filament components per unit.</summary>
    public IReadOnlyList<ProductComponent> Components { get; private set; }

    /// <summary>The stored version this object was read at.</summary>
    public long Version { get; private set; }

    /// <summary>Filament per unit over all lines.</summary>
    public Mass GramsPerUnit
    {
        get
        {
            var total = Mass.Zero;
            foreach (var line in Bom)
            {
                total += line.GramsPerUnit;
            }

            return total;
        }
    }

    /// <summary>Creates a product.</summary>
    /// <param name="sku">The unique SKU.</param>
    /// <param name="name">The name.</param>
    /// <param name="bom">At least one material line, one per material.</param>
    /// <param name="printTimePerUnit">Optional print time per unit.</param>
    /// <param name="components">Optional components.</param>
    /// <returns>The product.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    public static Product Create(string sku, string name, IEnumerable<BomLine> bom, TimeSpan? printTimePerUnit = null, IEnumerable<ProductComponent>? components = null)
    {
        var validSku = MaterialSpec.Required(sku, "product SKU", "STAND-01", Limits.MaxCodeLength);
        var validName = MaterialSpec.Required(name, "product name", "Phone Stand");
        var lines = ValidateBom(validSku, bom);
        var parts = ValidateComponents(validSku, components ?? []);
        ValidateTime(validSku, printTimePerUnit);
        return new Product(new ProductState(ProductId.New(), validSku, validName, lines, printTimePerUnit, parts, 0));
    }

    /// <summary>Rebuilds a product from its stored form.</summary>
    /// <param name="state">The stored form.</param>
    /// <returns>The product.</returns>
    public static Product Restore(ProductState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Product(state);
    }

    /// <summary>The stored form.</summary>
    /// <returns>The state.</returns>
    public ProductState ToState() => new(Id, Sku, Name, Bom, PrintTimePerUnit, Components, Version);

    /// <summary>The BOM line for a material, if any.</summary>
    /// <param name="material">The material.</param>
    /// <returns>The line, or null.</returns>
    public BomLine? LineFor(MaterialSpec material) => Bom.FirstOrDefault(l => l.Material == material);

    /// <summary>Changes name, BOM, print time or components.</summary>
    /// <param name="name">New name, or null to keep.</param>
    /// <param name="bom">New BOM, or null to keep.</param>
    /// <param name="printTimePerUnit">New print time, or null to keep.</param>
    /// <param name="components">New components, or null to keep.</param>
    /// <exception cref="DomainRuleException">A value is out of range.</exception>
    internal void Edit(string? name = null, IEnumerable<BomLine>? bom = null, TimeSpan? printTimePerUnit = null, IEnumerable<ProductComponent>? components = null)
    {
        var newName = name is null ? Name : MaterialSpec.Required(name, "product name", "Phone Stand");
        var lines = bom is null ? Bom : ValidateBom(Sku, bom);
        var parts = components is null ? Components : ValidateComponents(Sku, components);
        ValidateTime(Sku, printTimePerUnit);
        Name = newName;
        Bom = lines;
        Components = parts;
        PrintTimePerUnit = printTimePerUnit ?? PrintTimePerUnit;
    }

    /// <summary>Applies a change; nothing changes when a value is refused.</summary>
    /// <param name="edit">The change.</param>
    /// <exception cref="DomainRuleException">A value is out of range.</exception>
    public void Edit(ProductEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        Edit(edit.Name, edit.Bom, edit.PrintTimePerUnit, edit.Components);
    }

    /// <summary>Sets the grams per unit of one material line (e.g. from a calibration suggestion), keeping its support share.</summary>
    /// <param name="material">The material line.</param>
    /// <param name="gramsPerUnit">The new grams per unit.</param>
    /// <exception cref="DomainRuleException">The product has no such line, or the value is not positive.</exception>
    public void SetGramsPerUnit(MaterialSpec material, Mass gramsPerUnit)
    {
        var line = LineFor(material) ?? throw new DomainRuleException(DomainRule.CatalogValue, $"Product {Sku} has no {material} line. Its BOM has: {string.Join(", ", Bom.Select(l => l.Material))}.");
        var supports = line.GramsPerUnit.Grams == 0m ? Mass.Zero : line.SupportGramsPerUnit * (gramsPerUnit.Grams / line.GramsPerUnit.Grams);
        var updated = line with { GramsPerUnit = gramsPerUnit, SupportGramsPerUnit = supports };
        updated.Validate(Sku);
        Bom = [.. Bom.Select(l => ReferenceEquals(l, line) ? updated : l)];
    }

    internal void AcceptCommit() => Version++;

    private static BomLine[] ValidateBom(string sku, IEnumerable<BomLine> bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        var lines = bom.ToArray();
        if (lines.Length == 0)
        {
            throw new DomainRuleException(DomainRule.CatalogValue, $"Product {sku} needs at least one BOM line, e.g. 'PLA Black 45 g per unit'.");
        }

        foreach (var line in lines)
        {
            line.Validate(sku);
        }

        var duplicate = lines.GroupBy(l => l.Material).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainRuleException(DomainRule.CatalogValue, $"Product {sku} lists {duplicate.Key} twice. Give one line per material with the total grams.");
        }

        return lines;
    }

    private static ProductComponent[] ValidateComponents(string sku, IEnumerable<ProductComponent> components)
    {
        var parts = components.ToArray();
        foreach (var part in parts)
        {
            MaterialSpec.Required(part.Name, "component name", "M3 insert");
            if (part.Count <= 0 || part.UnitCost.Amount < 0m)
            {
                throw new DomainRuleException(DomainRule.CatalogValue, $"Product {sku}: component '{part.Name}' needs a positive count and a cost of zero or more.");
            }

            Limits.Count(part.Count, Limits.MaxComponentCount, $"count of component '{part.Name}' of product {sku}", "Give how many one unit needs.");
            Limits.Price(part.UnitCost, $"unit cost of component '{part.Name}' of product {sku}");
        }

        return parts;
    }

    private static void ValidateTime(string sku, TimeSpan? time)
    {
        if (time is { } t)
        {
            Limits.Duration(t, $"print time per unit of product {sku}", DomainRule.CatalogValue);
        }
    }
}
