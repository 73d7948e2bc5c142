using Batchivo.Catalog;
using Batchivo.Production;

namespace Batchivo.Statistics;

/// <summary>When the calibration dares to suggest a new BOM figure.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Runs needed behind a suggestion.</summary>
    /// <value>Default 3; at least 1.</value>
    public int MinRuns { get; init; } = 3;

    /// <summary>The runs agree when (max - min) / median of their grams per unit is at most this.</summary>
    /// <value>Default 0.10 (10 %).</value>
    public decimal MaxRelativeSpread { get; init; } = 0.10m;

    /// <summary>A suggestion is made only when it differs from the BOM by at least this share.</summary>
    /// <value>Default 0.02 (2 %).</value>
    public decimal MinRelativeChange { get; init; } = 0.02m;

    /// <summary>Checks the options.</summary>
    /// <exception cref="DomainRuleException">A value is out of range.</exception>
    public void Validate()
    {
        if (MinRuns < 1 || MaxRelativeSpread < 0m || MinRelativeChange < 0m)
        {
            throw new DomainRuleException(DomainRule.Query, $"Calibration needs MinRuns of at least 1 and non-negative spread and change limits (got {MinRuns}, {MaxRelativeSpread}, {MinRelativeChange}).");
        }
    }
}

/// <summary>A suggested new grams-per-unit figure for one material line of a product's BOM.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Sku">Its SKU.</param>
/// <param name="Name">Its name.</param>
/// <param name="Material">The BOM line's material.</param>
/// <param name="CurrentGramsPerUnit">The BOM figure now.</param>
/// <param name="SuggestedGramsPerUnit">The median of the runs' actual grams per unit, to 0.1 g.</param>
/// <param name="Runs">Runs behind the suggestion.</param>
/// <param name="MinGramsPerUnit">The lowest of the runs' figures.</param>
/// <param name="MaxGramsPerUnit">The highest of the runs' figures.</param>
public sealed record CalibrationSuggestion(
    ProductId ProductId,
    string Sku,
    string Name,
    MaterialSpec Material,
    Mass CurrentGramsPerUnit,
    Mass SuggestedGramsPerUnit,
    int Runs,
    Mass MinGramsPerUnit,
    Mass MaxGramsPerUnit)
{
    /// <summary>(suggested - current) / current, in percent.</summary>
    public decimal? ChangePercent => Percent.Of(SuggestedGramsPerUnit.Grams - CurrentGramsPerUnit.Grams, CurrentGramsPerUnit.Grams);
}

/// <summary>
/// Suggests better BOM figures from completed runs: each spool's model usage (actual - purge - tower) is allocated
/// to the run's items in proportion to their estimates for that material; per product and material the runs'
/// grams per unit are compared, and a suggestion is made only when enough runs agree.
/// </summary>
/// <remarks>Runs with failed units are left out: a failed unit may have stopped part-way, so its filament does not say what a good unit needs.</remarks>
public static class BomCalibration
{
    /// <summary>Computes the suggestions.</summary>
    /// <param name="runs">The runs; only completed runs without failed units are used.</param>
    /// <param name="products">The current catalog (for the current BOM figures).</param>
    /// <param name="options">Thresholds; defaults when null.</param>
    /// <returns>The suggestions, by SKU and material.</returns>
    public static IReadOnlyList<CalibrationSuggestion> Suggest(IEnumerable<ProductionRun> runs, IEnumerable<Product> products, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(products);
        options ??= new CalibrationOptions();
        options.Validate();
        var samples = new Dictionary<(ProductId, MaterialSpec), List<decimal>>();
        foreach (var run in runs)
        {
            if (run.Status != RunStatus.Completed || run.ActualTotal is null || run.Items.Any(i => (i.Failed ?? 0) > 0))
            {
                continue;
            }

            foreach (var group in run.Materials.GroupBy(m => m.Material.Spec))
            {
                var model = group.Sum(m => (m.Actual!.Value - m.PurgeTowerUsed).Grams);
                var estimated = run.Items.Sum(i => i.EstimatedGramsFor(group.Key).Grams);
                if (estimated <= 0m || model < 0m)
                {
                    continue;
                }

                foreach (var item in run.Items)
                {
                    var share = item.EstimatedGramsFor(group.Key).Grams;
                    if (share <= 0m)
                    {
                        continue;
                    }

                    var perUnit = model * share / estimated / item.Quantity;
                    var key = (item.ProductId, group.Key);
                    if (!samples.TryGetValue(key, out var list))
                    {
                        samples[key] = list = [];
                    }

                    list.Add(perUnit);
                }
            }
        }

        var byId = products.ToDictionary(p => p.Id);
        var suggestions = new List<CalibrationSuggestion>();
        foreach (var ((productId, material), list) in samples)
        {
            if (list.Count < options.MinRuns || !byId.TryGetValue(productId, out var product) || product.LineFor(material) is not { } line)
            {
                continue;
            }

            var median = OutlierDetector.Median(list);
            var min = list.Min();
            var max = list.Max();
            if (median <= 0m || (max - min) / median > options.MaxRelativeSpread)
            {
                continue;
            }

            var suggested = decimal.Round(median, 1, MidpointRounding.AwayFromZero);
            var current = line.GramsPerUnit.Grams;
            if (suggested <= 0m || Math.Abs(suggested - current) < options.MinRelativeChange * current || suggested == current)
            {
                continue;
            }

            suggestions.Add(new CalibrationSuggestion(productId, product.Sku, product.Name, material, line.GramsPerUnit, new Mass(suggested), list.Count, new Mass(min), new Mass(max)));
        }

        return [.. suggestions.OrderBy(s => s.Sku, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Material.ToString(), StringComparer.OrdinalIgnoreCase)];
    }
}
