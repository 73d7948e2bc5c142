namespace Batchivo.Catalog;

/// <summary>The stored form of a <see cref="Printer"/>.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The unique name, e.g. P1S-1.</param>
/// <param name="Model">The model, e.g. Bambu P1S.</param>
/// <param name="MaterialSlots">How many spools it can feed at once.</param>
/// <param name="Version">The stored version (0 if never stored).</param>
public sealed record PrinterState(PrinterId Id, string Name, string Model, int MaterialSlots, long Version);

/// <summary>A printer of the farm.</summary>
public sealed class Printer
{
    private Printer(PrinterState state)
    {
        Id = state.Id;
        Name = state.Name;
        Model = state.Model;
        MaterialSlots = state.MaterialSlots;
        Version = state.Version;
    }

    /// <summary>The id.</summary>
    public PrinterId Id { get; }

    /// <summary>The unique name.</summary>
    public string Name { get; }

    /// <summary>The model, e.g. Bambu P1S.</summary>
    public string Model { get; private set; }

    /// <summary>How many spools it can feed at once (1 without a multi-material unit).</summary>
    public int MaterialSlots { get; private set; }

    /// <summary>The stored version this object was read at.</summary>
    public long Version { get; private set; }

    /// <summary>Creates a printer.</summary>
    /// <param name="name">The unique name.</param>
    /// <param name="model">The model.</param>
    /// <param name="materialSlots">Material slots, at least 1.</param>
    /// <returns>The printer.</returns>
    /// <exception cref="DomainRuleException">A value is missing or out of range.</exception>
    public static Printer Create(string name, string model, int materialSlots = 1)
    {
        var validName = MaterialSpec.Required(name, "printer name", "P1S-1", Limits.MaxNameLength);
        var validModel = MaterialSpec.Required(model, "printer model", "Bambu P1S");
        ValidateSlots(validName, materialSlots);
        return new Printer(new PrinterState(PrinterId.New(), validName, validModel, materialSlots, 0));
    }

    /// <summary>Rebuilds a printer from its stored form.</summary>
    /// <param name="state">The stored form.</param>
    /// <returns>The printer.</returns>
    public static Printer Restore(PrinterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Printer(state);
    }

    /// <summary>The stored form.</summary>
    /// <returns>The state.</returns>
    public PrinterState ToState() => new(Id, Name, Model, MaterialSlots, Version);

    /// <summary>Changes the model or slots.</summary>
    /// <param name="model">New model, or null to keep.</param>
    /// <param name="materialSlots">New slot count, or null to keep.</param>
    /// <exception cref="DomainRuleException">A value is out of range.</exception>
    public void Edit(string? model = null, int? materialSlots = null)
    {
        var newModel = model is null ? Model : MaterialSpec.Required(model, "printer model", "Bambu P1S");
        ValidateSlots(Name, materialSlots ?? MaterialSlots);
        Model = newModel;
        MaterialSlots = materialSlots ?? MaterialSlots;
    }

    internal void AcceptCommit() => Version++;

    private static void ValidateSlots(string name, int slots)
    {
        if (slots is < 1 or > 64)
        {
            throw new DomainRuleException(DomainRule.CatalogValue, $"Printer {name}: material slots must be 1 to 64, but {slots} was given.");
        }
    }
}
