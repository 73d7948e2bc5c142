using System.Text.RegularExpressions;

namespace Batchivo.Templates.Tests;

/// <summary>
/// The Batchivo packages the tests use: those in the folder named by <c>BATCHIVO_PACKAGES</c> (CI packs everything
/// there first), else Core, Testing, Plugins.Build and Templates packed here into a temporary artifacts folder (so the
/// repository's bin and obj are not touched). Every test gets a private NuGet cache, so a package of the same version
/// from an earlier build is never reused.
/// </summary>
public sealed partial class Packages : IAsyncLifetime
{
    private static readonly string[] Packed =
    [
        "src/Batchivo.Core/Batchivo.Core.csproj",
        "src/Batchivo.Testing/Batchivo.Testing.csproj",
        "src/Batchivo.Plugins.Build/Batchivo.Plugins.Build.csproj",
        "templates/Batchivo.Templates/Batchivo.Templates.csproj",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("batchivo-templates-").FullName;

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Folder { get; private set; } = "";

    /// <summary>The version of the packed Batchivo packages.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The template package.</summary>
    public string TemplatePackage { get; private set; } = "";

    /// <summary>A private NuGet package cache for this run.</summary>
    public string NuGetPackages => Path.Combine(_root, "nuget-packages");

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(NuGetPackages);
        var given = Environment.GetEnvironmentVariable("BATCHIVO_PACKAGES");
        if (!string.IsNullOrWhiteSpace(given))
        {
            Assert.True(Directory.Exists(given), $"BATCHIVO_PACKAGES names {given}, which does not exist. Pack the packages there first, or unset it.");
            Folder = Path.GetFullPath(given);
        }
        else
        {
            var artifacts = Path.Combine(_root, "artifacts");
            foreach (var project in Packed)
            {
                (await DotNet.RunAsync(RepositoryRoot, NuGetPackages, "pack", Path.Combine(RepositoryRoot, project), "--artifacts-path", artifacts, "-m:1", "-v", "q")).Succeeded();
            }

            Folder = Path.Combine(artifacts, "package", "release");
        }

        TemplatePackage = Single("Batchivo.Templates");
        Version = TemplateVersion().Match(Path.GetFileName(TemplatePackage)).Groups["version"].Value;
        Single("Batchivo.Core");
        Single("Batchivo.Testing");
        Single("Batchivo.Plugins.Build");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A process that still holds a file: the temporary folder is left for the system to clean.
        }

        return Task.CompletedTask;
    }

    /// <summary>A new empty folder outside the repository, with a nuget.config naming the packages and the registry.</summary>
    public string NewWorkFolder(string name)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="batchivo" value="{Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        Assert.False(folder.StartsWith(RepositoryRoot, StringComparison.Ordinal), $"{folder} is inside the repository.");
        return folder;
    }

    /// <summary>Installs the template package into a private hive under <paramref name="work"/>; returns the hive.</summary>
    public async Task<string> InstallTemplatesAsync(string work)
    {
        var hive = Path.Combine(work, ".hive");
        (await DotNet.RunAsync(work, NuGetPackages, "new", "install", TemplatePackage, "--debug:custom-hive", hive)).Succeeded();
        return hive;
    }

    private string Single(string id)
    {
        var found = Directory.GetFiles(Folder, id + ".*.nupkg").Where(f => PackageOf(id).IsMatch(Path.GetFileName(f))).ToList();
        Assert.True(found.Count == 1, $"{Folder} should hold one {id} package, not {found.Count}: {string.Join(", ", found.Select(Path.GetFileName))}.");
        return found[0];
    }

    private static Regex PackageOf(string id) => new($"^{Regex.Escape(id)}\\.[0-9][^/]*(?<!\\.symbols)\\.nupkg$");

    [GeneratedRegex(@"^Batchivo\.Templates\.(?<version>[0-9].*)\.nupkg$")]
    private static partial Regex TemplateVersion();

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
}

/// <summary>The tests run one after another: each starts real dotnet processes.</summary>
[CollectionDefinition(Name)]
public sealed class PackagesGroup : ICollectionFixture<Packages>
{
    public const string Name = "packages";
}
