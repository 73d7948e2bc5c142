using System.Diagnostics;
using Batchivo.Samples.Console.Tests.Support;
using Xunit.Abstractions;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// The very first command creates the database. Killed (SIGKILL) right before each write and each fsync it makes to
/// the database and its journal files, every one in turn, each time in a fresh folder, it must never leave a file that
/// the next command calls "not a Batchivo database" or cannot open: the next command finishes or starts over the
/// creation and stores its own write. The kills are real: a small library loaded into the program with LD_PRELOAD
/// (Support/killpoint.c, compiled here with gcc) counts those calls over all threads and raises SIGKILL at the n-th.
/// </summary>
public sealed class CreationKillTests(ITestOutputHelper output)
{
    private static readonly string[] FirstCommand = ["catalog", "printer", "add", "P1", "--model", "Bambu P1S"];

    [Fact]
    public void Killing_the_first_command_at_every_write_and_fsync_never_bricks_the_database()
    {
        using var build = new ConsoleHost();
        var library = Compile(build.DataFolder);

        // One run without a kill tells how many writes and syncs the first command makes.
        int calls;
        using (var host = new ConsoleHost())
        {
            var count = Path.Combine(host.DataFolder, "count.txt");
            Armed(host, library, null, count).Run(FirstCommand).Ok();
            calls = int.Parse(File.ReadAllText(count).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var kills = 0;
        var bricked = new List<string>();
        Parallel.For(1, calls + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, point =>
        {
            using var host = new ConsoleHost();
            var killed = Armed(host, library, point, null).Run(FirstCommand);
            Disarmed(host);
            if (killed.ExitCode == 0)
            {
                lock (bricked)
                {
                    bricked.Add($"call {point}: the command was not killed");
                }

                return;
            }

            Interlocked.Increment(ref kills);
            var next = host.Run("catalog", "printer", "add", "P2", "--model", "Bambu P1S", "--json");
            if (next.ExitCode != 0 || !next.Out.Contains("\"P2\"", StringComparison.Ordinal))
            {
                lock (bricked)
                {
                    bricked.Add($"call {point}: exit {next.ExitCode} {next.Error.Trim()}");
                }
            }
        });

        output.WriteLine($"{kills} kill points, {bricked.Count} bricked.");
        Assert.Empty(bricked);
        Assert.Equal(calls, kills);
        Assert.True(calls >= 10, $"The first command made only {calls} writes and syncs.");
    }

    private static ConsoleHost Armed(ConsoleHost host, string library, int? killAt, string? countFile) => host
        .With("LD_PRELOAD", library)
        .With("BATCHIVO_KILL_PATH", host.DatabasePath)
        .With("BATCHIVO_KILL_AT", killAt?.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("BATCHIVO_KILL_COUNT", countFile);

    private static void Disarmed(ConsoleHost host) => host.With("LD_PRELOAD", null).With("BATCHIVO_KILL_AT", null);

    private static string Compile(string folder)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Support", "killpoint.c");
        var library = Path.Combine(folder, "killpoint.so");
        var gcc = new[] { "/usr/bin/gcc", "/usr/bin/cc" }.FirstOrDefault(File.Exists);
        Assert.True(gcc is not null, "This test compiles Support/killpoint.c with gcc; install gcc.");
        using var process = Process.Start(new ProcessStartInfo(gcc!, ["-shared", "-fPIC", "-O2", "-o", library, source, "-ldl"]) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "gcc failed: " + errors);
        return library;
    }
}
