using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Batchivo.Storage.Sqlite.Tests;

/// <summary>
/// The SQLite store as an app developer gets it: its package, packed from this build, referenced alone (with the host
/// package) by a new app that registers it with one call and stores in a real file. A package that excluded
/// Batchivo.Core's runtime would build and then crash at start with Batchivo.Core missing.
/// </summary>
public sealed class PackageReferenceTests : IDisposable
{
    private static readonly string[] Packed =
    [
        "src/Batchivo.Core/Batchivo.Core.csproj",
        "src/Batchivo.Hosting/Batchivo.Hosting.csproj",
        "src/Batchivo.Storage.EntityFrameworkCore/Batchivo.Storage.EntityFrameworkCore.csproj",
        "plugins/Batchivo.Storage.Sqlite/Batchivo.Storage.Sqlite.csproj",
    ];

    private readonly TempFolder _folder = new();

    // A version of its own per run, so no package restored by an earlier run is used instead of this build's.
    private readonly string _version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public void The_sqlite_package_depends_on_core_and_works_referenced_alone_with_one_registration_call()
    {
        var feed = Directory.CreateDirectory(_folder.File("feed")).FullName;
        var configuration = typeof(PackageReferenceTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        foreach (var project in Packed)
        {
            Dotnet(Root, "pack", Path.Combine(Root, project), "--no-build", "-c", configuration, "-o", feed, $"-p:PackageVersion={_version}", "-m:1", "-v", "q");
        }

        // The packages depend on Batchivo.Core as an app needs it: with its runtime.
        foreach (var id in new[] { "Batchivo.Storage.Sqlite", "Batchivo.Storage.EntityFrameworkCore" })
        {
            var core = Dependencies(Path.Combine(feed, $"{id}.{_version}.nupkg")).Single(d => (string?)d.Attribute("id") == "Batchivo.Core");
            Assert.Equal(_version, (string?)core.Attribute("version"));
            Assert.DoesNotContain("Runtime", (string?)core.Attribute("exclude") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        var app = Directory.CreateDirectory(_folder.File("app")).FullName;
        var database = _folder.File("app.db");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="batchivo-build" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Batchivo.Hosting" Version="{_version}" />
                <PackageReference Include="Batchivo.Storage.Sqlite" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.Configuration" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Batchivo;
            using Batchivo.Catalog;
            using Batchivo.Production;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Batchivo:Store:Provider"] = "sqlite",
                ["Batchivo:Store:Settings:Path"] = args[0],
            }).Build();
            var services = new ServiceCollection();
            services.AddBatchivo(configuration).AddSqliteStore().AddSqliteStore();
            await using var provider = services.BuildServiceProvider();
            var production = provider.GetRequiredService<ProductionService>();
            await production.Catalog.AddPrinterAsync("MK4-1", "Prusa MK4", 1);
            var run = await production.Runs.CreateRunAsync("MK4-1", TimeSpan.FromHours(2));
            Console.WriteLine($"stored run #{run.Number} on {(await production.Runs.GetRunAsync(run.Number)).PrinterName}");
            """);

        Dotnet(app, "build", "-m:1", "-v", "q");
        var output = Dotnet(app, "run", "--no-build", "--", database);

        Assert.Contains("stored run #1 on MK4-1", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(database).Length > 0, "The app stored nothing in its SQLite file.");
        Assert.False(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "plugins")), "A package reference needs no plugin folder.");
    }

    public void Dispose()
    {
        _folder.Dispose();

        // The packages this run restored into the shared package folder are of its own version only.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var project in Packed)
        {
            var restored = Path.Combine(packages, Path.GetFileNameWithoutExtension(project).ToLowerInvariant(), _version);
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
    }

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Batchivo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (Batchivo.sln) is not above the test's folder.");
    }

    private static List<XElement> Dependencies(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
    }

    private static string Dotnet(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 15 minutes.");
        }

        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }
}
