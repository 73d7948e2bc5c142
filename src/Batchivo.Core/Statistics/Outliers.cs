using Batchivo.Production;

namespace Batchivo.Statistics;

/// <summary>How far from a product's usual variance a run must be to be an outlier.</summary>
public sealed record OutlierOptions
{
    /// <summary>Completed runs of a product needed before any of them can be an outlier.</summary>
    /// <value>Default 5.</value>
    public int MinRunsPerProduct { get; init; } = 5;

    /// <summary>Distance from the product's median variance, in robust standard deviations (1.4826 x MAD).</summary>
    /// <value>Default 3.</value>
    public decimal Threshold { get; init; } = 3m;

    /// <summary>Distances smaller than this many percentage points are never outliers (so a product that always hits its estimate exactly does not flag a 0.5-point miss).</summary>
    /// <value>Default 2.</value>
    public decimal MinimumDistancePoints { get; init; } = 2m;
}

/// <summary>A run whose variance is far from the product's usual variance.</summary>
/// <param name="RunNumber">The run.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="ProductId">The product.</param>
/// <param name="ProductName">The product's name.</param>
/// <param name="VariancePercent">The run's variance percent.</param>
/// <param name="UsualVariancePercent">The median variance percent of the product's runs.</param>
/// <param name="Distance">How many robust standard deviations away (null when the product's spread is zero).</param>
public sealed record VarianceOutlier(int RunNumber, RunId RunId, ProductId ProductId, string ProductName, decimal VariancePercent, decimal UsualVariancePercent, decimal? Distance);

/// <summary>
/// What outlier detection reads of a completed run with a variance: its variance percent, once for each product on its
/// plate. A store that can read these without loading whole runs says so with <see cref="Storage.IVarianceSampleStore"/>.
/// </summary>
/// <param name="RunNumber">The run.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="ProductId">A product on its plate.</param>
/// <param name="ProductName">The product's name on the run.</param>
/// <param name="VariancePercent">The run's variance percent.</param>
public sealed record VarianceSample(int RunNumber, RunId RunId, ProductId ProductId, string ProductName, decimal VariancePercent)
{
    /// <summary>The samples of a run: one per product, none unless it is completed with a variance.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The samples.</returns>
    public static IEnumerable<VarianceSample> Of(ProductionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status != RunStatus.Completed || run.VariancePercent is not { } percent)
        {
            return [];
        }

        return run.Items.Select(item => new VarianceSample(run.Number, run.Id, item.ProductId, item.Name, percent));
    }
}

/// <summary>Finds runs whose variance is far from their products' usual variance (median and MAD, robust to the outliers themselves).</summary>
public static class OutlierDetector
{
    /// <summary>Finds the outliers among completed runs.</summary>
    /// <param name="runs">The runs; only completed runs with a variance count.</param>
    /// <param name="options">Thresholds; defaults when null.</param>
    /// <returns>The outliers, largest distance first.</returns>
    public static IReadOnlyList<VarianceOutlier> Find(IEnumerable<ProductionRun> runs, OutlierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return FindInSamples(runs.SelectMany(VarianceSample.Of), options);
    }

    /// <summary>Finds the outliers among the variance samples of completed runs.</summary>
    /// <param name="samples">The samples (see <see cref="VarianceSample.Of"/>).</param>
    /// <param name="options">Thresholds; defaults when null.</param>
    /// <returns>The outliers, largest distance first.</returns>
    public static IReadOnlyList<VarianceOutlier> FindInSamples(IEnumerable<VarianceSample> samples, OutlierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new OutlierOptions();
        var byProduct = new Dictionary<ProductId, List<VarianceSample>>();
        foreach (var sample in samples)
        {
            if (!byProduct.TryGetValue(sample.ProductId, out var list))
            {
                byProduct[sample.ProductId] = list = [];
            }

            list.Add(sample);
        }

        var outliers = new List<VarianceOutlier>();
        foreach (var (productId, list) in byProduct)
        {
            if (list.Count < options.MinRunsPerProduct)
            {
                continue;
            }

            var median = Median(list.Select(s => s.VariancePercent));
            var mad = Median(list.Select(s => Math.Abs(s.VariancePercent - median)));
            var sigma = mad * 1.4826m;
            foreach (var sample in list)
            {
                var percent = sample.VariancePercent;
                var distance = Math.Abs(percent - median);
                if (distance < options.MinimumDistancePoints)
                {
                    continue;
                }

                decimal? z = sigma == 0m ? null : distance / sigma;
                if (z is null || z > options.Threshold)
                {
                    outliers.Add(new VarianceOutlier(sample.RunNumber, sample.RunId, productId, sample.ProductName, percent, median, z));
                }
            }
        }

        return [.. outliers.OrderByDescending(o => o.Distance ?? decimal.MaxValue).ThenBy(o => o.RunNumber)];
    }

    internal static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0m;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
    }
}
