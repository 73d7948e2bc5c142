using System.Text;
using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>The README's walkthrough of a real session, run command by command as written.</summary>
public sealed class ReadmeTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void The_walkthrough_runs_as_written_and_gives_the_example_figures()
    {
        var commands = Walkthrough();
        Assert.True(commands.Count >= 20, $"The walkthrough has only {commands.Count} commands.");

        var outputs = new List<Result>();
        foreach (var args in commands)
        {
            var result = _host.Run([.. args]);
            Assert.True(result.ExitCode == 0, $"batchivo {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
            outputs.Add(result);
        }

        var report = outputs[commands.FindIndex(c => c[0] == "report")].Out;
        Assert.Contains("Estimated: 185g", report, StringComparison.Ordinal);
        Assert.Contains("Actual: 192g (+7g / +3.8%)", report, StringComparison.Ordinal);
        Assert.Contains("PLA-001 weighs 850g before (scale bench, stable)", outputs[commands.FindIndex(c => c.Contains("--scale"))].Out, StringComparison.Ordinal);

        // The result block at the top of the README is what `report 1` of the walkthrough prints.
        AssertShows(TopBlock(), report, "report 1");

        // Every output the README shows after "`batchivo ARGS` prints" is what that command of the walkthrough printed.
        var shown = ShownOutputs();
        Assert.True(shown.Count >= 3, $"The README shows only {shown.Count} command outputs.");
        foreach (var (args, block) in shown)
        {
            var index = commands.FindIndex(c => c.SequenceEqual(args));
            Assert.True(index >= 0, $"The README shows the output of 'batchivo {string.Join(' ', args)}', which the walkthrough does not run.");
            AssertShows(block, outputs[index].Out, string.Join(' ', args));
        }

        // Examples in the comments of the walkthrough run as well (calibrate --apply needs its quotes).
        var line = ReadmeLines().Single(l => l.StartsWith("batchivo calibrate ", StringComparison.Ordinal));
        var calibrate = Split(line[line.IndexOf("calibrate --apply", StringComparison.Ordinal)..]);
        Assert.Equal(["calibrate", "--apply", "STAND:PLA Black"], calibrate);
    }

    /// <summary>Each line of the block (trailing spaces aside) is in the output, in the same order.</summary>
    private static void AssertShows(IReadOnlyList<string> block, string output, string command)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        var at = 0;
        foreach (var expected in block.Select(l => l.TrimEnd()).Where(l => l.Length > 0))
        {
            var found = lines.FindIndex(at, l => l.Contains(expected, StringComparison.Ordinal));
            Assert.True(found >= 0, $"The README says 'batchivo {command}' prints\n{expected}\nbut it printed:\n{output}");
            at = found + 1;
        }
    }

    private static string[] ReadmeLines() => File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));

    /// <summary>The README's block that starts with the example run's result.</summary>
    private static List<string> TopBlock()
    {
        var readme = ReadmeLines();
        var open = Array.FindIndex(readme, 1, l => l.StartsWith("Production Run #", StringComparison.Ordinal)) - 1;
        Assert.True(open >= 0 && readme[open] == "```", "The README shows no result block of the example run.");
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return [.. readme[(open + 1)..close]];
    }

    /// <summary>Each <c>text</c> block whose introducing line says "`batchivo ARGS` prints", with ARGS.</summary>
    private static List<(List<string> Args, List<string> Block)> ShownOutputs()
    {
        var readme = ReadmeLines();
        var shown = new List<(List<string>, List<string>)>();
        for (var i = 0; i < readme.Length; i++)
        {
            if (readme[i] != "```text")
            {
                continue;
            }

            var intro = readme[..i].Reverse().FirstOrDefault(l => l.Trim().Length > 0) ?? string.Empty;
            var start = intro.IndexOf("`batchivo ", StringComparison.Ordinal);
            if (start < 0 || !intro.Contains("` prints", StringComparison.Ordinal))
            {
                continue;
            }

            var command = intro[(start + 1)..intro.IndexOf('`', start + 1)];
            var close = Array.FindIndex(readme, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            shown.Add(([.. Split(command).Skip(1)], [.. readme[(i + 1)..close]]));
        }

        return shown;
    }

    /// <summary>The lines of the README's session block that start with <c>batchivo</c>, split as a shell would (double quotes, trailing comments).</summary>
    private static List<List<string>> Walkthrough()
    {
        var readme = ReadmeLines();
        var section = Array.FindIndex(readme, l => l.StartsWith("## The console host", StringComparison.Ordinal));
        Assert.True(section >= 0, "The README has no console host section.");
        var open = Array.FindIndex(readme, section, l => l.StartsWith("```bash", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return [.. readme[(open + 1)..close].Select(Split).Where(a => a.Count > 1 && a[0] == "batchivo").Select(a => a.Skip(1).ToList())];
    }

    private static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == '#' && !quoted && !any && current.Length == 0)
            {
                break;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Batchivo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Batchivo.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => _host.Dispose();
}
