using Batchivo.Hosting.Tests.Support;
using Batchivo.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests.Loading;

/// <summary>
/// Plugin folders are loaded in parallel and registered in name order; a loaded plugin's folder hash is computed when the
/// diagnostics ask for it unless an allowlist needed it first.
/// </summary>
public sealed class LoadOrderAndHashTests
{
    [Fact]
    public void Diagnostics_list_plugins_in_folder_name_order_and_the_first_of_two_duplicates_always_wins()
    {
        for (var host = 0; host < 5; host++)
        {
            var (_, builder) = FixturePlugins.LoadAll();

            var loadedFolders = builder.Diagnostics.Loaded.Select(p => Path.GetFileName(Path.GetDirectoryName(p.File)!)).ToList();
            Assert.Equal(loadedFolders.Order(StringComparer.OrdinalIgnoreCase), loadedFolders);
            var refusedFiles = builder.Diagnostics.Refused.Select(r => r.File).ToList();
            Assert.Equal(refusedFiles.Order(StringComparer.OrdinalIgnoreCase), refusedFiles);

            // DuplicateA and DuplicateB claim the same plugin name: the one first by folder name loads.
            Assert.Equal(FixturePlugins.File(FixturePlugins.DuplicateA), FixturePlugins.Loaded(builder, "Fixture.Duplicate").File);
            var duplicate = Assert.Single(builder.Diagnostics.Refused, r => r.File == FixturePlugins.File(FixturePlugins.DuplicateB));
            Assert.Equal(PluginRefusal.DuplicateName, duplicate.Reason);
        }
    }

    [Fact]
    public void A_loaded_plugins_hash_is_its_folders_when_first_read_and_is_kept()
    {
        using var directory = new TempPluginDirectory();
        var file = FixturePlugins.FileIn(directory.Plugins, FixturePlugins.MemoryStore);
        var expected = FixturePlugins.FolderSha256(Path.GetDirectoryName(file)!);
        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(directory.Plugins);
            o.Plugins.Enabled.Add(FixturePlugins.MemoryStore);
        });
        var loaded = Assert.Single(builder.Diagnostics.Loaded);

        Assert.Equal(expected, loaded.Sha256);
        File.Delete(file);
        Assert.Equal(expected, loaded.Sha256);
        Assert.Contains(builder.Diagnostics.Describe(), line => line.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_loaded_plugins_hash_is_null_when_its_folder_is_gone_before_anyone_asked_and_the_plugin_still_works()
    {
        using var directory = new TempPluginDirectory();
        var file = FixturePlugins.FileIn(directory.Plugins, FixturePlugins.MemoryStore);
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(directory.Plugins);
            o.Plugins.Enabled.Add(FixturePlugins.MemoryStore);
            o.Store = new StoreOptions { Provider = "fixture-memory" };
        });
        var loaded = Assert.Single(builder.Diagnostics.Loaded);

        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);

        Assert.Null(loaded.Sha256);
        Assert.Single(builder.Diagnostics.Describe(), line => line.StartsWith("loaded  Fixture.MemoryStore ", StringComparison.Ordinal));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<Batchivo.Production.ProductionService>());
    }

    [Fact]
    public void Loaded_plugins_compare_by_value_whether_their_hash_was_computed_on_demand_or_given()
    {
        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.Enabled.Add(FixturePlugins.Printer));
        var onDemand = Assert.Single(builder.Diagnostics.Loaded);

        var given = new LoadedPlugin(onDemand.Name, onDemand.Version, onDemand.ContractVersion, onDemand.File, FixturePlugins.FolderSha256(Path.GetDirectoryName(onDemand.File!)!), onDemand.Provides);

        Assert.Equal(given, onDemand);
        Assert.Equal(given.GetHashCode(), onDemand.GetHashCode());
        Assert.NotEqual(given with { Sha256 = new string('0', 64) }, onDemand);
        Assert.Equal(PluginContract.Version, (onDemand with { Sha256 = null }).ContractVersion);
        Assert.Null((onDemand with { Sha256 = null }).Sha256);
    }
}
