using System.Text.RegularExpressions;
using Batchivo.Samples.Console.Tests.Support;
using Xunit.Abstractions;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// The very first command creates the database. Killed (SIGKILL) at every write and every fsync it makes to the
/// database and its journal files, each in a fresh folder, it must never leave a file the next command calls "not a
/// Batchivo database": the next command opens it (finishing or starting over the creation) and stores its write.
/// The kills are real: strace's fault injection stops the program at the n-th call of a system call on those files.
/// </summary>
public sealed partial class CreationKillTests(ITestOutputHelper output)
{
    private static readonly string[] Calls = ["write", "pwrite64", "fsync", "fdatasync"];

    [Fact]
    public void Killing_the_first_command_at_every_write_and_fsync_never_bricks_the_database()
    {
        var strace = new[] { "/usr/bin/strace", "/bin/strace" }.FirstOrDefault(File.Exists);
        Assert.True(strace is not null, "This test kills the program at each write and fsync with strace; install it (apt-get install strace).");

        // One run traced without a kill tells how many calls of each kind the first command makes.
        var counts = new Dictionary<string, int>();
        using (var host = new ConsoleHost())
        {
            var trace = Path.Combine(host.DataFolder, "trace.txt");
            host.RunUnder(strace!, [.. Filter(host.DatabasePath), "-o", trace], FirstCommand).Ok();
            foreach (var call in Calls)
            {
                counts[call] = File.ReadLines(trace).Count(line => TraceLine().Match(line) is { Success: true } m && m.Groups["call"].Value == call);
            }
        }

        Assert.True(counts["pwrite64"] + counts["write"] > 0 && counts["fsync"] + counts["fdatasync"] > 0, $"The trace saw no writes or syncs: {string.Join(", ", counts)}.");
        var points = counts.SelectMany(c => Enumerable.Range(1, c.Value).Select(n => (Call: c.Key, N: n))).ToList();
        var kills = 0;
        var bricked = new List<string>();
        Parallel.ForEach(points, new ParallelOptions { MaxDegreeOfParallelism = 2 }, point =>
        {
            using var host = new ConsoleHost();
            var killed = host.RunUnder(strace!, [.. Filter(host.DatabasePath), "-o", "/dev/null", $"--inject={point.Call}:signal=KILL:when={point.N}"], FirstCommand);
            if (killed.ExitCode == 0)
            {
                // The n-th call happened on another thread than counted: no kill at this point.
                return;
            }

            Interlocked.Increment(ref kills);
            var next = host.Run("catalog", "printer", "add", "P2", "--model", "Bambu P1S", "--json");
            var list = next.ExitCode == 0 ? host.Run("catalog", "printer", "list", "--json") : next;
            if (next.ExitCode != 0 || list.ExitCode != 0 || !list.Out.Contains("\"P2\"", StringComparison.Ordinal))
            {
                lock (bricked)
                {
                    bricked.Add($"{point.Call} #{point.N}: {next.Error.Trim()} {list.Error.Trim()}");
                }
            }
        });

        output.WriteLine($"{kills} kill points, {bricked.Count} bricked ({string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}).");
        Assert.Empty(bricked);
        Assert.True(kills >= 10, $"Only {kills} kills happened.");
    }

    private static readonly string[] FirstCommand = ["catalog", "printer", "add", "P1", "--model", "Bambu P1S"];

    /// <summary>strace options: follow threads, stop only at the write and sync calls on the database and its journals.</summary>
    private static string[] Filter(string database) =>
        ["-f", "-qq", "--seccomp-bpf", "-e", "trace=" + string.Join(',', Calls), .. new[] { "", "-journal", "-wal", "-shm" }.SelectMany(suffix => new[] { "-P", database + suffix })];

    [GeneratedRegex(@"^(\d+ +)?(?<call>[a-z0-9]+)\(")]
    private static partial Regex TraceLine();
}
