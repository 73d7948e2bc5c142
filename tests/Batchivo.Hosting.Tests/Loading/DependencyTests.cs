using Batchivo.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests.Loading;

/// <summary>
/// A plugin whose dependency is missing or damaged is refused when it loads, naming the file, instead of being listed as
/// loaded and failing when its store is first used. Runs on copies of the real SQLite store plugin.
/// </summary>
public sealed class DependencyTests : IDisposable
{
    private const string NativeLibrary = "runtimes/linux-x64/native/libe_sqlite3.so";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "batchivo-hosting-tests", Guid.NewGuid().ToString("N"));

    public DependencyTests()
    {
        Plugins = Path.Combine(_root, "plugins");
        Folder = Path.Combine(Plugins, FixturePlugins.Sqlite);
        TempPluginDirectory.CopyDirectory(Path.Combine(FixturePlugins.StoreDirectory, FixturePlugins.Sqlite), Folder);
    }

    private string Plugins { get; }

    private string Folder { get; }

    [Fact]
    public async Task The_real_store_plugin_loads_with_every_dependency_checked_and_creates_its_store()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(Plugins);
            o.Store = new StoreOptions { Provider = "sqlite", Settings = { ["Path"] = Path.Combine(_root, "batchivo.db") } };
        });
        FixturePlugins.Log(builder);

        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Contains("store:sqlite", Assert.Single(builder.Diagnostics.Loaded).Provides);
        await using var provider = services.BuildServiceProvider();
        var production = provider.GetRequiredService<Batchivo.Production.ProductionService>();
        await production.Catalog.AddPrinterAsync("MK4", "Prusa MK4");
        Assert.Equal("Prusa MK4", (await production.Catalog.GetPrinterAsync("MK4")).Model);
    }

    [Theory]
    [InlineData("SQLitePCLRaw.batteries_v2.dll", "assembly")]      // loaded by name at first use, referenced by nothing
    [InlineData("Microsoft.Data.Sqlite.dll", "assembly")]          // referenced
    [InlineData(NativeLibrary, "native library")]
    public void A_missing_dependency_is_refused_naming_the_file(string path, string kind)
    {
        File.Delete(Path.Combine(Folder, path));

        var refused = Refused();

        Assert.Equal(PluginRefusal.MissingDependency, refused.Reason);
        Assert.Contains(Path.GetFileNameWithoutExtension(path), refused.Message, StringComparison.Ordinal);
        Assert.Contains(kind, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SQLitePCLRaw.batteries_v2.dll")]
    [InlineData("Microsoft.Data.Sqlite.dll")]
    [InlineData(NativeLibrary)]
    public void A_truncated_dependency_is_refused_naming_the_file(string path)
    {
        var file = Path.Combine(Folder, path);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);

        var refused = Refused();

        Assert.Equal(PluginRefusal.Corrupt, refused.Reason);
        Assert.Contains(Path.GetFileNameWithoutExtension(path), refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private RefusedPlugin Refused()
    {
        var builder = new ServiceCollection().AddBatchivo(o => o.Plugins.Directories.Add(Plugins));
        FixturePlugins.Log(builder);
        Assert.Empty(builder.Diagnostics.Loaded);
        return FixturePlugins.Refused(builder, FixturePlugins.Sqlite);
    }
}
