using System.IO.Compression;
using System.Xml.Linq;

namespace Batchivo.Packages.Tests;

/// <summary>What every packed package carries, read from the .nupkg files themselves.</summary>
[Collection(PackedPackagesGroup.Name)]
public sealed class PackageContentTests(PackedPackagesFixture packages)
{
    private static readonly string[] Shipped =
    [
        "Batchivo.Core", "Batchivo.Hosting", "Batchivo.Testing", "Batchivo.Storage.EntityFrameworkCore",
        .. Directory.GetDirectories(Path.Combine(Repository.Root, "plugins")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!,
    ];

    [Fact]
    public void Every_shipped_library_and_plugin_is_packed_with_its_symbol_package()
    {
        var ids = packages.Packages.Select(p => Nuspec(p).Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(Shipped, id => Assert.Contains(id, ids));
        // The libraries and plugins carry code to step into; the build, template and tool packages have no library symbols.
        Assert.All(Shipped, id => Assert.True(File.Exists(Path.ChangeExtension(PackageFile(id), ".snupkg")), $"{id} has no .snupkg beside it."));
    }

    [Fact]
    public void Every_package_has_a_readme_an_icon_tags_and_no_runtimeconfig_in_lib()
    {
        Assert.All(Shipped, id =>
        {
            using var zip = ZipFile.OpenRead(PackageFile(id));
            var nuspec = Nuspec(PackageFile(id));
            Assert.Equal("README.md", nuspec.Readme);
            Assert.Equal("icon.png", nuspec.Icon);
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.NotNull(zip.GetEntry("icon.png"));
            Assert.Contains("batchivo", nuspec.Tags, StringComparison.Ordinal);
            Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".runtimeconfig.json", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName == $"lib/net10.0/{id}.dll");
            Assert.Contains(zip.Entries, e => e.FullName == $"lib/net10.0/{id}.xml");

            // The README shows how to use the package: a code block.
            using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
            Assert.Contains("```csharp", readme.ReadToEnd(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Symbol_packages_carry_the_portable_pdb()
    {
        Assert.All(Shipped, id =>
        {
            using var zip = ZipFile.OpenRead(Path.ChangeExtension(PackageFile(id), ".snupkg"));
            Assert.Contains(zip.Entries, e => e.FullName == $"lib/net10.0/{id}.pdb");
        });
    }

    [Fact]
    public void Batchivo_dependencies_keep_their_runtime_assets()
    {
        Assert.All(Shipped.Where(id => id != "Batchivo.Core"), id =>
        {
            var dependencies = Nuspec(PackageFile(id)).Dependencies;
            var core = Assert.Single(dependencies, d => d.Id == "Batchivo.Core");
            Assert.Equal(Nuspec(PackageFile("Batchivo.Core")).Version, core.Version);
            Assert.All(dependencies.Where(d => d.Id.StartsWith("Batchivo.", StringComparison.Ordinal)), d =>
                Assert.False(d.Exclude.Split(',').Contains("Runtime", StringComparer.OrdinalIgnoreCase), $"{id} depends on {d.Id} without its runtime (exclude=\"{d.Exclude}\"): an app referencing only {id} would not find {d.Id}.dll."));
        });
    }

    [Fact]
    public void All_packages_share_one_version()
    {
        var versions = packages.Packages.Select(p => Nuspec(p).Version).Distinct().ToList();
        Assert.Single(versions);
    }

    [Fact]
    public void Plugin_folder_built_from_the_repository_has_no_core_assembly()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "folder-plugins", "Batchivo.Storage.Sqlite");
        Assert.True(File.Exists(Path.Combine(folder, "Batchivo.Storage.Sqlite.dll")), $"No plugin folder at {folder}.");
        Assert.False(File.Exists(Path.Combine(folder, "Batchivo.Core.dll")), "The plugin folder carries its own Batchivo.Core.dll: the host's copy must be the only one.");
    }

    private string PackageFile(string id)
    {
        var file = packages.Packages.SingleOrDefault(p => Nuspec(p).Id == id);
        Assert.True(file is not null, $"No package {id} in {packages.Folder}.");
        return file;
    }

    private static NuspecInfo Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        var doc = XDocument.Load(stream);
        var ns = doc.Root!.Name.Namespace;
        var metadata = doc.Root.Element(ns + "metadata")!;
        string Value(string name) => metadata.Element(ns + name)?.Value ?? "";
        var dependencies = metadata.Descendants(ns + "dependency")
            .Select(d => new NuspecDependency((string)d.Attribute("id")!, (string?)d.Attribute("version") ?? "", (string?)d.Attribute("exclude") ?? ""))
            .ToList();
        return new(Value("id"), Value("version"), Value("readme"), Value("icon"), Value("tags"), dependencies);
    }

    private sealed record NuspecDependency(string Id, string Version, string Exclude);

    private sealed record NuspecInfo(string Id, string Version, string Readme, string Icon, string Tags, IReadOnlyList<NuspecDependency> Dependencies);
}
