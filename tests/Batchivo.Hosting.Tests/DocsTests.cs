using System.Text.RegularExpressions;
using Batchivo.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests;

/// <summary>
/// docs/plugin-authors.md stays true: every C# or XML block it presents as a file of the example (the line before the
/// block reads <c>File `docs/examples/...`:</c>) appears word for word in that file.
/// </summary>
public sealed partial class DocsTests
{
    private const string Guide = "docs/plugin-authors.md";
    private const string Example = "docs/examples/Batchivo.Examples.HelloScale";

    public static TheoryData<string, int> ClaimedBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var block in Blocks().Where(b => b.Claims is not null))
        {
            data.Add(block.Claims!, block.Line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClaimedBlocks))]
    public void A_block_that_claims_to_be_an_example_file_appears_verbatim_in_it(string path, int line)
    {
        var block = Assert.Single(Blocks(), b => b.Line == line);
        var file = Path.Combine(RepositoryRoot, path);

        Assert.True(File.Exists(file), $"{Guide}:{line} quotes {path}, which does not exist.");
        var content = Normalize(File.ReadAllText(file));
        Assert.False(string.IsNullOrWhiteSpace(block.Text), $"{Guide}:{line} is an empty block.");
        Assert.True(content.Contains(block.Text, StringComparison.Ordinal), $"{Guide}:{line} no longer matches {path}. Copy the file's current text into the guide.");
    }

    [Fact]
    public void The_guide_quotes_the_examples_project_file_and_plugin_class()
    {
        var claimed = Blocks().Select(b => b.Claims).OfType<string>().ToHashSet(StringComparer.Ordinal);

        Assert.Contains($"{Example}/Batchivo.Examples.HelloScale.csproj", claimed);
        Assert.Contains($"{Example}/HelloScalePlugin.cs", claimed);
    }

    [Fact]
    public void Every_block_that_mentions_an_example_file_uses_the_claim_format()
    {
        // A typo in the claim line would silently exempt a block from the check above.
        var loose = Blocks().Where(b => b.Claims is null && b.Preceding.Contains("docs/examples/", StringComparison.Ordinal)).Select(b => $"{Guide}:{b.Line}: {b.Preceding}");

        Assert.Empty(loose);
    }

    [Fact]
    public void The_guide_lists_every_refusal_reason()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot, Guide));

        Assert.All(Enum.GetNames<PluginRefusal>(), name => Assert.Contains($"| `{name}` |", guide, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_guides_test_example_passes_against_the_example_plugin()
    {
        // The test shown under "Test" in the guide, pointed at the fixture folder instead of "plugins".
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(FixturePlugins.DirectoryName);
            o.Plugins.Enabled.Add(FixturePlugins.HelloScale);
            o.Scales.Add(new ScaleOptions { Name = "bench", Driver = "hello", Settings = { ["Grams"] = "850" } });
        });

        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Equal(["scale:hello"], Assert.Single(builder.Diagnostics.Loaded).Provides);
        await using var provider = services.BuildServiceProvider();
        var reading = await provider.GetRequiredService<BatchivoDevices>().GetScale("bench").ReadStableAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(850m, reading.Value);
        Assert.True(reading.IsStable);
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Batchivo.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Batchivo.sln.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The C# and XML fenced blocks of the guide, with the line they start on and the file they claim to be.</summary>
    private static List<Block> Blocks()
    {
        var lines = Normalize(File.ReadAllText(Path.Combine(RepositoryRoot, Guide))).Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == open.Groups["fence"].Value);
            Assert.True(end > i, $"{Guide}:{i + 1}: the code block is not closed.");
            var language = open.Groups["language"].Value.ToLowerInvariant();
            if (language is "csharp" or "cs" or "c#" or "xml")
            {
                var preceding = lines.Take(i).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? string.Empty;
                var claim = Claim().Match(preceding);
                blocks.Add(new Block(i + 1, string.Join('\n', lines[(i + 1)..end]), preceding, claim.Success ? claim.Groups["path"].Value : null));
            }

            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^(?<fence>```+)\s*(?<language>[^\s`]*)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^File `(?<path>docs/examples/[^`]+)`:$")]
    private static partial Regex Claim();

    private sealed record Block(int Line, string Text, string Preceding, string? Claims);
}
