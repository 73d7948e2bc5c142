namespace Batchivo.Production;

/// <summary>Failed units of a product not yet covered by a reprint.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Name">Its name.</param>
/// <param name="Units">Units still to reprint.</param>
public sealed record ReprintNeed(ProductId ProductId, string Name, int Units);

/// <summary>Works out what of a run still needs reprinting.</summary>
public static class Reprints
{
    /// <summary>
    /// The failed units of <paramref name="original"/> that its reprints do not cover yet. A reprint covers the units
    /// on its plate unless it was cancelled.
    /// </summary>
    /// <param name="original">The original run (completed or failed).</param>
    /// <param name="reprints">Its reprints so far.</param>
    /// <returns>Per product, the units still to reprint (only products with some).</returns>
    /// <exception cref="RunStateException">The original run is not completed or failed.</exception>
    public static IReadOnlyList<ReprintNeed> Uncovered(ProductionRun original, IEnumerable<ProductionRun> reprints)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(reprints);
        if (original.Status is not (RunStatus.Completed or RunStatus.Failed))
        {
            throw new RunStateException(original.Number, original.Status, "reprint", $"Run #{original.Number} is {ProductionRun.Describe(original.Status)}: only completed or failed runs have failed units to reprint.");
        }

        var covered = new Dictionary<ProductId, int>();
        foreach (var reprint in reprints)
        {
            if (reprint.OriginalRunId != original.Id || reprint.Status == RunStatus.Cancelled)
            {
                continue;
            }

            foreach (var item in reprint.Items)
            {
                covered[item.ProductId] = covered.GetValueOrDefault(item.ProductId) + item.Quantity;
            }
        }

        var needs = new List<ReprintNeed>();
        foreach (var item in original.Items)
        {
            var left = (item.Failed ?? 0) - covered.GetValueOrDefault(item.ProductId);
            if (left > 0)
            {
                needs.Add(new ReprintNeed(item.ProductId, item.Name, left));
            }
        }

        return needs;
    }
}
