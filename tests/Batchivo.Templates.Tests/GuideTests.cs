using System.Text.RegularExpressions;
using Batchivo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Templates.Tests;

/// <summary>
/// docs/plugin-authors.md is tested literally: its out-of-repository project file and the example's code files, taken
/// from the guide's blocks by their "File `...`:" captions, are written to an empty folder outside the repository,
/// published against the packed packages, and loaded by the real host.
/// </summary>
[Collection(PackagesGroup.Name)]
public sealed partial class GuideTests(Packages packages)
{
    private const string Guide = "docs/plugin-authors.md";
    private const string Project = "Batchivo.Examples.HelloScale";

    [Fact]
    public async Task The_guides_out_of_repository_project_builds_and_its_plugin_loads_in_the_host()
    {
        var blocks = Blocks(File.ReadAllText(Path.Combine(Packages.RepositoryRoot, Guide)));
        var project = Assert.Single(blocks, b => OwnRepository().IsMatch(b.Caption));
        var code = blocks.Where(b => ExampleCode().IsMatch(b.Caption)).ToList();
        Assert.NotEmpty(code);

        var work = packages.NewWorkFolder("guide");
        var folder = Path.Combine(work, Project);
        Directory.CreateDirectory(folder);
        // The guide names a version; the test builds against the packages of this build.
        File.WriteAllText(Path.Combine(folder, OwnRepository().Match(project.Caption).Groups["file"].Value), PackageVersion().Replace(project.Text, $"${{head}}{packages.Version}\""));
        foreach (var block in code)
        {
            File.WriteAllText(Path.Combine(folder, ExampleCode().Match(block.Caption).Groups["file"].Value), block.Text);
        }

        var plugins = Path.Combine(work, "host", "plugins");
        (await DotNet.RunAsync(folder, packages.NuGetPackages, "publish", "-c", "Release", "-m:1", "-o", Path.Combine(plugins, Project))).Succeeded();

        // The guide's own test, against the folder built from its text.
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(plugins);
            o.Scales.Add(new ScaleOptions { Name = "bench", Driver = "hello", Settings = { ["Grams"] = "850" } });
        });

        Assert.Empty(builder.Diagnostics.Refused);
        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal(Project, loaded.Name);
        Assert.Equal(["scale:hello"], loaded.Provides);
        await using var provider = services.BuildServiceProvider();
        var reading = await provider.GetRequiredService<BatchivoDevices>().GetScale("bench").ReadStableAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(850m, reading.Value);
    }

    private static List<(string Caption, string Text)> Blocks(string guide)
    {
        var lines = guide.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<(string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Trim() == "```")
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            Assert.True(end > i, $"{Guide}:{i + 1}: the code block is not closed.");
            var caption = lines.Take(i).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "";
            blocks.Add((caption, string.Join('\n', lines[(i + 1)..end]) + "\n"));
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^File `(?<file>[^`/]+\.csproj)`, in a repository of your own:$")]
    private static partial Regex OwnRepository();

    [GeneratedRegex(@"^File `docs/examples/Batchivo\.Examples\.HelloScale/(?<file>[^`/]+\.cs)`:$")]
    private static partial Regex ExampleCode();

    [GeneratedRegex("(?<head>Include=\"Batchivo\\.[A-Za-z.]+\" Version=\")[^\"]*\"")]
    private static partial Regex PackageVersion();
}
