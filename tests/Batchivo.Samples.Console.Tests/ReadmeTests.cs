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
    }

    /// <summary>The lines of the README's session block that start with <c>batchivo</c>, split as a shell would (double quotes, trailing comments).</summary>
    private static List<List<string>> Walkthrough()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
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
