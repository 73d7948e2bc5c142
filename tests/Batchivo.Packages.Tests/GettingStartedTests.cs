using System.Text.RegularExpressions;

namespace Batchivo.Packages.Tests;

/// <summary>The getting-started example, taken literally from the docs, built from the packed packages only and run.</summary>
[Collection(PackedPackagesGroup.Name)]
public sealed partial class GettingStartedTests(PackedPackagesFixture packages)
{
    [Fact]
    public void Readme_library_example_is_the_getting_started_example()
    {
        var guide = Example(File.ReadAllText(Path.Combine(Repository.Root, "docs", "getting-started.md")), "## A complete example");
        var readme = Example(File.ReadAllText(Path.Combine(Repository.Root, "README.md")), "## Using the library");

        Assert.Equal(guide, readme);
        Assert.Contains(".AddSqliteStore()", guide, StringComparison.Ordinal);
        Assert.Contains("Catalog.AddSpoolAsync", guide, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_builds_from_packages_only_and_prints_the_report()
    {
        var work = Path.Combine(Path.GetTempPath(), "batchivo-example-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = Processes.Run(
                "bash",
                [Path.Combine(Repository.Root, "build", "run-packages-example.sh"), packages.Folder, work],
                Path.GetTempPath(),
                TimeSpan.FromMinutes(15));

            Assert.True(result.ExitCode == 0, $"The example failed ({result.ExitCode}):\n{result.Output}");
            Assert.Contains("Production Run #1 - Completed", result.Output, StringComparison.Ordinal);
            Assert.Contains("Phone stand: 3/3 successful", result.Output, StringComparison.Ordinal);
            Assert.Contains("Estimated: 135g", result.Output, StringComparison.Ordinal);
            Assert.Contains("Actual: 139g", result.Output, StringComparison.Ordinal);

            // Built against the packages: no project of the repository took part.
            var assets = File.ReadAllText(Path.Combine(work, "obj", "project.assets.json"));
            Assert.Contains("\"Batchivo.Storage.Sqlite/", assets, StringComparison.Ordinal);
            Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(work, "bin", "Release", "net10.0", "Batchivo.Core.dll")), "The app's output has no Batchivo.Core.dll.");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    private static string Example(string markdown, string heading)
    {
        var at = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No '{heading}' section.");
        var match = CSharpBlock().Match(markdown, at);
        Assert.True(match.Success, $"No csharp block under '{heading}'.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"```csharp\n(.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
