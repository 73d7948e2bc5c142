namespace Batchivo.Samples.Console.Tests.Support;

/// <summary>The production-runs example typed as commands: the catalog, then run #1 up to (not including) completion.</summary>
/// <remarks>
/// Each stage is typed once per test run into a template data folder; a test starts from a copy of its database
/// file (<see cref="ConsoleHost.From"/>), so it still has a database of its own without typing the same 18 commands again.
/// </remarks>
internal static class Seed
{
    private static readonly Lazy<ConsoleHost> CatalogTemplate = new(() => Build(Catalog));
    private static readonly Lazy<ConsoleHost> DraftTemplate = new(() => Build(h => { Catalog(h); DraftRun(h); }));
    private static readonly Lazy<ConsoleHost> PrintedTemplate = new(() => Build(h => { Catalog(h); PrintedRun(h); }));

    /// <summary>A database with the catalog.</summary>
    public static ConsoleHost WithCatalog => CatalogTemplate.Value;

    /// <summary>A database with the catalog and run #1 in draft (products and spools, not weighed).</summary>
    public static ConsoleHost WithDraftRun => DraftTemplate.Value;

    /// <summary>A database with the catalog and run #1 printed, weighed and counted, not completed.</summary>
    public static ConsoleHost WithPrintedRun => PrintedTemplate.Value;

    private static ConsoleHost Build(Action<ConsoleHost> type)
    {
        var host = new ConsoleHost();
        type(host);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => host.Dispose();
        return host;
    }

    public static void Catalog(ConsoleHost host)
    {
        host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--slots", "4").Ok();
        host.Run("catalog", "brand-tare", "add", "Bambu Lab", "--tare", "250", "--spool-type", "plastic").Ok();
        host.Run("catalog", "spool", "add", "PLA-001", "--material", "PLA Black", "--brand", "Bambu Lab", "--colour-hex", "#000000", "--price", "25.00", "--currency", "USD", "--spool-type", "plastic").Ok();
        host.Run("catalog", "spool", "add", "PLA-002", "--material", "PLA White", "--brand", "Bambu Lab", "--price", "20.00", "--spool-type", "plastic").Ok();
        host.Run("catalog", "product", "add", "STAND", "--name", "Phone Stand", "--bom", "PLA Black:45:5").Ok();
        host.Run("catalog", "product", "add", "CLIP", "--name", "Cable Clip", "--bom", "PLA White:5").Ok();
    }

    /// <summary>Run #1 in draft: 3 stands, 10 clips, both spools assigned.</summary>
    public static void DraftRun(ConsoleHost host)
    {
        host.Run("run", "new", "--printer", "P1S-1", "--hours", "4.5").Ok();
        host.Run("run", "add-product", "1", "STAND", "--quantity", "3").Ok();
        host.Run("run", "add-product", "1", "CLIP", "--quantity", "10").Ok();
        host.Run("run", "assign-spool", "1", "PLA-001").Ok();
        host.Run("run", "assign-spool", "1", "PLA-002").Ok();
    }

    /// <summary>Run #1 printed: weighed before (typed), started, weighed after (typed), outcomes recorded.</summary>
    public static void PrintedRun(ConsoleHost host)
    {
        DraftRun(host);
        host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        host.Run("run", "start", "1").Ok();
        host.Run("run", "weigh", "after", "1", "PLA-001", "--grams", "711").Ok();
        host.Run("run", "weigh", "after", "1", "PLA-002", "--grams", "367").Ok();
        host.Run("run", "outcome", "1", "STAND", "--successful", "3").Ok();
        host.Run("run", "outcome", "1", "CLIP", "--successful", "9", "--failed", "1").Ok();
    }
}
