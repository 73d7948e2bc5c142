using System.Globalization;
using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// Scripts weighing into shared spools from several processes at once: a write that meets another writer's change is
/// a concurrency conflict (nothing stored), and a command that only adds a weighing or an outcome tries again, reading
/// the current state, instead of giving up.
/// </summary>
public sealed class RetryTests : IDisposable
{
    private const int Processes = 8;

    private readonly ConsoleHost _host = new();

    [Fact]
    public void Concurrent_weighings_of_one_spool_are_all_recorded()
    {
        _host.From(Seed.WithCatalog);

        // Eight processes weigh the same spool at once, each with its own weight; every one reads the spool, then writes
        // a ledger entry on the version it read, so all but one of any overlapping pair meet a conflict.
        var results = new Result[Processes];
        Parallel.For(0, Processes, new ParallelOptions { MaxDegreeOfParallelism = Processes }, i =>
            results[i] = _host.Run("catalog", "spool", "weigh", "PLA-001", "--grams", Grams(i), "--note", "check " + i));

        for (var i = 0; i < Processes; i++)
        {
            Assert.True(results[i].ExitCode == 0, $"Weighing {i} exited {results[i].ExitCode}: {results[i].Error}");
        }

        // Every weighing is in the ledger once, in some order, and the spool weighs what the last one said.
        var spool = _host.Run("catalog", "spool", "show", "PLA-001", "--json").Ok().Json;
        var ledger = spool.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, Processes).Select(i => "check " + i).Order(StringComparer.Ordinal), ledger.Select(e => e.GetProperty("note").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(ledger[^1].GetProperty("grossAfterGrams").GetDecimal(), spool.GetProperty("grossGrams").GetDecimal());
        for (var k = 1; k < ledger.Count; k++)
        {
            Assert.Equal(ledger[k - 1].GetProperty("grossAfterGrams").GetDecimal(), ledger[k].GetProperty("grossBeforeGrams").GetDecimal());
        }
    }

    [Fact]
    public void Concurrent_outcomes_and_weighings_of_one_run_are_all_recorded()
    {
        _host.From(Seed.WithDraftRun);
        _host.Run("run", "weigh", "before", "1", "PLA-001", "--grams", "850").Ok();
        _host.Run("run", "weigh", "before", "1", "PLA-002", "--grams", "420").Ok();
        _host.Run("run", "start", "1").Ok();

        // Four writes to run #1 at once: two weighings after, two outcomes.
        string[][] commands =
        [
            ["run", "weigh", "after", "1", "PLA-001", "--grams", "711"],
            ["run", "weigh", "after", "1", "PLA-002", "--grams", "367"],
            ["run", "outcome", "1", "STAND", "--successful", "3"],
            ["run", "outcome", "1", "CLIP", "--successful", "9", "--failed", "1"],
        ];
        var results = new Result[commands.Length];
        Parallel.For(0, commands.Length, new ParallelOptions { MaxDegreeOfParallelism = commands.Length }, i => results[i] = _host.Run(commands[i]));

        for (var i = 0; i < commands.Length; i++)
        {
            Assert.True(results[i].ExitCode == 0, $"batchivo {string.Join(' ', commands[i])} exited {results[i].ExitCode}: {results[i].Error}");
        }

        var run = _host.Run("run", "complete", "1", "--json").Ok().Json;
        Assert.Equal(192m, run.GetProperty("actualGrams").GetDecimal());
    }

    private static string Grams(int i) => (1000 + (i * 10)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _host.Dispose();
}
