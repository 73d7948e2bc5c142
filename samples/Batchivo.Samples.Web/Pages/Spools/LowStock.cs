namespace Batchivo.Samples.Web.Pages.Spools;

/// <summary>
/// When a spool counts as running low: its own threshold, else its material's ("PLA Black"), else its material type's
/// ("PLA"), else the shop's default, from configuration:
/// <c>Batchivo:Dashboard:LowStock:Default</c> (150 g unless set), and <c>Batchivo:Dashboard:LowStock:Spools:{code}</c>,
/// <c>...:Materials:{material}</c>, <c>...:Materials:{type}</c> in grams.
/// </summary>
public sealed class LowStock(IConfiguration configuration)
{
    public const decimal DefaultGrams = 150m;

    private IConfigurationSection Section => configuration.GetSection("Batchivo:Dashboard:LowStock");

    /// <summary>The threshold of a spool, in grams of filament left.</summary>
    public decimal ThresholdFor(SpoolJson spool)
    {
        var section = Section;
        return section.GetSection("Spools").GetValue<decimal?>(spool.Code)
            ?? section.GetSection("Materials").GetValue<decimal?>(spool.Material)
            ?? section.GetSection("Materials").GetValue<decimal?>(spool.Material.Split(' ')[0])
            ?? section.GetValue<decimal?>("Default")
            ?? DefaultGrams;
    }

    /// <summary>True when the spool is known to hold less than its threshold.</summary>
    public bool IsLow(SpoolJson spool) => spool.RemainingGrams is { } left && left < ThresholdFor(spool);
}
