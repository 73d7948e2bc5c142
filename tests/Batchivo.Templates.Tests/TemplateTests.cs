using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Templates.Tests;

/// <summary>
/// <c>dotnet new batchivo-plugin --kind K</c>, from the packed template, outside the repository: the generated test
/// project runs the kind's conformance kit and passes, and the plugin's folder loads in the real host.
/// </summary>
[Collection(PackagesGroup.Name)]
public sealed class TemplateTests(Packages packages)
{
    [Theory]
    [InlineData("scale", "scale:acme-scale", 27)]
    [InlineData("store", "store:acme-store", 25)]
    [InlineData("printer", "printer:acme-printer", 7)]
    [InlineData("slicer", "slicer:acme-slicer", 5)]
    public async Task The_template_makes_a_plugin_that_passes_its_kit_and_loads_in_the_host(string kind, string provides, int cases)
    {
        var name = "Acme." + char.ToUpperInvariant(kind[0]) + kind[1..];
        var work = packages.NewWorkFolder("template-" + kind);
        var hive = await packages.InstallTemplatesAsync(work);

        (await DotNet.RunAsync(work, packages.NuGetPackages, "new", "batchivo-plugin", "--kind", kind, "-n", name, "--debug:custom-hive", hive)).Succeeded();
        var solution = Path.Combine(work, name);
        var results = Path.Combine(work, "results");
        (await DotNet.RunAsync(solution, packages.NuGetPackages, "test", name + ".Tests", "-m:1", "--logger", "trx;LogFileName=kit.trx", "--results-directory", results)).Succeeded();
        var (total, passed, failed) = Counters(Path.Combine(results, "kit.trx"));
        Assert.Equal(0, failed);
        Assert.Equal(cases, passed);
        Assert.Equal(cases, total);

        var plugins = Path.Combine(work, "host", "plugins");
        (await DotNet.RunAsync(solution, packages.NuGetPackages, "publish", name, "-c", "Release", "-m:1", "-o", Path.Combine(plugins, name))).Succeeded();
        Assert.False(File.Exists(Path.Combine(plugins, name, "Batchivo.Core.dll")), "The plugin folder carries its own Batchivo.Core.dll.");

        var builder = new ServiceCollection().AddBatchivo(o => o.Plugins.Directories.Add(plugins));

        Assert.Empty(builder.Diagnostics.Refused);
        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal(name, loaded.Name);
        Assert.Equal("0.1.0", loaded.Version);
        Assert.Contains(provides, loaded.Provides);
    }

    [Fact]
    public async Task A_plugin_package_carries_no_runtimeconfig_and_the_folder_no_Batchivo_Core()
    {
        var work = packages.NewWorkFolder("template-pack");
        var hive = await packages.InstallTemplatesAsync(work);
        (await DotNet.RunAsync(work, packages.NuGetPackages, "new", "batchivo-plugin", "--kind", "slicer", "-n", "Acme.Packed", "--debug:custom-hive", hive)).Succeeded();
        var project = Path.Combine(work, "Acme.Packed", "Acme.Packed");
        var output = Path.Combine(work, "out");

        (await DotNet.RunAsync(project, packages.NuGetPackages, "pack", "-o", output, "-m:1")).Succeeded();
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(output, "Acme.Packed.0.1.0.nupkg"));
        var files = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/Acme.Packed.dll", files);
        Assert.DoesNotContain(files, f => f.EndsWith(".runtimeconfig.json", StringComparison.Ordinal));

        // A project that copies Batchivo.Core into the plugin folder fails its build, saying what to change.
        var csproj = Path.Combine(project, "Acme.Packed.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace(" ExcludeAssets=\"runtime\"", "", StringComparison.Ordinal));
        var broken = await DotNet.RunAsync(project, packages.NuGetPackages, "build", "-m:1");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("BATCHIVO001", broken.Output, StringComparison.Ordinal);
        Assert.Contains("ExcludeAssets", broken.Output, StringComparison.Ordinal);
    }

    /// <summary>The counters of a trx file: total, passed and failed tests.</summary>
    internal static (int Total, int Passed, int Failed) Counters(string trx)
    {
        Assert.True(File.Exists(trx), $"dotnet test wrote no {trx}.");
        var counters = XDocument.Load(trx).Descendants().Single(e => e.Name.LocalName == "Counters");
        int Read(string attribute) => int.Parse(counters.Attribute(attribute)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        return (Read("total"), Read("passed"), Read("failed"));
    }
}
