using Batchivo.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests;

/// <summary>Plugins load only from the configured directories, only the enabled ones, and only allowed files.</summary>
public sealed class SecurityTests
{
    [Fact]
    public void An_allowlist_with_one_plugins_hash_loads_only_that_plugin_and_refuses_every_other_folder()
    {
        var allowed = FixturePlugins.FolderSha256(Path.Combine(FixturePlugins.Directory, FixturePlugins.MemoryStore));

        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.AllowedSha256.Add(allowed));

        var loaded = Assert.Single(builder.Diagnostics.Loaded);
        Assert.Equal("Fixture.MemoryStore", loaded.Name);
        Assert.Equal(allowed, loaded.Sha256);
        var withFile = Directory.GetDirectories(FixturePlugins.Directory).Select(Path.GetFileName).OfType<string>()
            .Where(f => f != FixturePlugins.MemoryStore && File.Exists(FixturePlugins.File(f))).ToList();
        Assert.Equal(withFile.Count, builder.Diagnostics.Refused.Count(r => r.Reason == PluginRefusal.NotAllowed));
        foreach (var folder in withFile)
        {
            var refused = Assert.Single(builder.Diagnostics.Refused, r => r.File == FixturePlugins.File(folder));
            Assert.Equal(PluginRefusal.NotAllowed, refused.Reason);
            Assert.Contains(FixturePlugins.FolderSha256(Path.Combine(FixturePlugins.Directory, folder)), refused.Message, StringComparison.Ordinal);
            Assert.Contains("AllowedSha256", refused.Message, StringComparison.Ordinal);
        }

        // A folder without a plugin file has nothing to hash: it is reported as such.
        Assert.Equal(PluginRefusal.FileMissing, FixturePlugins.Refused(builder, FixturePlugins.EmptyFolder).Reason);
    }

    [Fact]
    public void Allowlist_hashes_match_whatever_their_case_and_surrounding_spaces()
    {
        var allowed = FixturePlugins.FolderSha256(Path.Combine(FixturePlugins.Directory, FixturePlugins.HelloScale));

        var (_, builder) = FixturePlugins.LoadAll(o => o.Plugins.AllowedSha256.Add($"  {allowed.ToUpperInvariant()} "));

        Assert.Equal("Batchivo.Examples.HelloScale", Assert.Single(builder.Diagnostics.Loaded).Name);
    }

    [Fact]
    public void A_plugin_file_changed_after_its_hash_was_allowed_is_refused()
    {
        using var temp = new TempPluginDirectory();
        var file = FixturePlugins.FileIn(temp.Plugins, FixturePlugins.MemoryStore);
        var allowed = FixturePlugins.FolderSha256(Path.GetDirectoryName(file)!);
        File.AppendAllText(file, "tampered");

        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(temp.Plugins);
            o.Plugins.AllowedSha256.Add(allowed);
        });

        Assert.Empty(builder.Diagnostics.Loaded);
        Assert.Equal(PluginRefusal.NotAllowed, FixturePlugins.Refused(builder, FixturePlugins.MemoryStore).Reason);
    }

    [Theory]
    [InlineData("../outside-plugin")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("a\\b")]
    public void An_enabled_name_that_is_not_a_plain_folder_name_is_refused_and_nothing_outside_loads(string name)
    {
        using var temp = new TempPluginDirectory();
        // A real plugin right next to the plugin directory, where "../outside-plugin" points.
        var outside = Path.Combine(temp.Root, "outside-plugin");
        TempPluginDirectory.CopyDirectory(Path.Combine(FixturePlugins.Directory, FixturePlugins.MemoryStore), outside);
        File.Move(Path.Combine(outside, "Fixture.MemoryStore.dll"), Path.Combine(outside, "outside-plugin.dll"));

        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(temp.Plugins);
            o.Plugins.Enabled.Add(name);
        });
        FixturePlugins.Log(builder);

        Assert.Empty(builder.Diagnostics.Loaded);
        var refused = Assert.Single(builder.Diagnostics.Refused);
        Assert.Equal(PluginRefusal.OutsideDirectory, refused.Reason);
        Assert.Equal(name, refused.Name);
        Assert.Contains("not a plain folder name", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enabled_names_load_only_those_folders_and_a_traversal_among_them_is_refused()
    {
        var (_, builder) = FixturePlugins.LoadAll(o =>
        {
            o.Plugins.Enabled.Add(FixturePlugins.HelloScale);
            o.Plugins.Enabled.Add("../" + FixturePlugins.DirectoryName + "/" + FixturePlugins.MemoryStore);
        });

        Assert.Equal("Batchivo.Examples.HelloScale", Assert.Single(builder.Diagnostics.Loaded).Name);
        Assert.Equal(PluginRefusal.OutsideDirectory, Assert.Single(builder.Diagnostics.Refused).Reason);
        Assert.DoesNotContain("store:fixture-memory", builder.Diagnostics.Loaded.SelectMany(p => p.Provides));
    }

    [Fact]
    public void A_plugin_folder_that_links_outside_the_plugin_directory_is_refused()
    {
        using var temp = new TempPluginDirectory();
        var target = temp.MoveOutside(FixturePlugins.MemoryStore);
        Directory.CreateSymbolicLink(Path.Combine(temp.Plugins, FixturePlugins.MemoryStore), target);

        var builder = new ServiceCollection().AddBatchivo(o => o.Plugins.Directories.Add(temp.Plugins));
        FixturePlugins.Log(builder);

        var refused = FixturePlugins.Refused(builder, FixturePlugins.MemoryStore);
        Assert.Equal(PluginRefusal.OutsideDirectory, refused.Reason);
        Assert.Contains(target, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(builder.Diagnostics.Loaded, p => p.Name == "Fixture.MemoryStore");
        // The other plugins of the directory still load (the clash fixture, now first, provides the store name).
        Assert.Contains(builder.Diagnostics.Loaded, p => p.Name == "Fixture.Printer");
        Assert.Equal(["store:fixture-memory"], FixturePlugins.Loaded(builder, "Fixture.ProviderClash").Provides);
    }

    [Fact]
    public void A_plugin_file_that_links_outside_the_plugin_directory_is_refused()
    {
        using var temp = new TempPluginDirectory();
        var outside = Path.Combine(temp.Outside, "Fixture.Printer.dll");
        var file = FixturePlugins.FileIn(temp.Plugins, FixturePlugins.Printer);
        File.Move(file, outside);
        File.CreateSymbolicLink(file, outside);

        var builder = new ServiceCollection().AddBatchivo(o => o.Plugins.Directories.Add(temp.Plugins));

        var refused = FixturePlugins.Refused(builder, FixturePlugins.Printer);
        Assert.Equal(PluginRefusal.OutsideDirectory, refused.Reason);
        Assert.Contains(outside, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_file_that_links_outside_through_a_linked_folder_inside_is_refused()
    {
        using var temp = new TempPluginDirectory();
        // plugins/Fixture.MemoryStore/Fixture.MemoryStore.dll -> plugins/Linked/Fixture.MemoryStore.dll, where
        // plugins/Linked -> outside/Fixture.MemoryStore: the link's own target looks inside, the file is outside.
        var target = temp.MoveOutside(FixturePlugins.MemoryStore);
        Directory.CreateSymbolicLink(Path.Combine(temp.Plugins, "Linked"), target);
        var folder = Directory.CreateDirectory(Path.Combine(temp.Plugins, FixturePlugins.MemoryStore)).FullName;
        foreach (var file in Directory.GetFiles(target))
        {
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), Path.Combine("..", "Linked", Path.GetFileName(file)));
        }

        var builder = new ServiceCollection().AddBatchivo(o => o.Plugins.Directories.Add(temp.Plugins));
        FixturePlugins.Log(builder);

        var refused = FixturePlugins.Refused(builder, FixturePlugins.MemoryStore);
        Assert.Equal(PluginRefusal.OutsideDirectory, refused.Reason);
        Assert.Contains(Path.Combine(target, "Fixture.MemoryStore.dll"), refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(builder.Diagnostics.Loaded, p => p.Name == "Fixture.MemoryStore");
    }

    [Fact]
    public void A_plugin_directory_given_through_a_link_loads()
    {
        using var temp = new TempPluginDirectory();
        var link = Path.Combine(temp.Root, "plugins-link");
        Directory.CreateSymbolicLink(link, temp.Plugins);

        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(link);
            o.Plugins.Enabled.Add(FixturePlugins.Printer);
        });

        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Equal(FixturePlugins.FileIn(link, FixturePlugins.Printer), Assert.Single(builder.Diagnostics.Loaded).File);
    }

    [Fact]
    public void A_plugin_folder_that_links_inside_the_plugin_directory_loads()
    {
        using var temp = new TempPluginDirectory();
        var real = Path.Combine(temp.Plugins, "real", FixturePlugins.Slicer);
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        Directory.Move(Path.Combine(temp.Plugins, FixturePlugins.Slicer), real);
        Directory.CreateSymbolicLink(Path.Combine(temp.Plugins, FixturePlugins.Slicer), real);

        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(temp.Plugins);
            o.Plugins.Enabled.Add(FixturePlugins.Slicer);
        });

        Assert.Empty(builder.Diagnostics.Refused);
        Assert.Equal("Fixture.Slicer", Assert.Single(builder.Diagnostics.Loaded).Name);
    }
}

/// <summary>Tests that change the process's current directory: they run alone.</summary>
[CollectionDefinition(nameof(ChangesCurrentDirectory), DisableParallelization = true)]
public sealed class ChangesCurrentDirectory;

[Collection(nameof(ChangesCurrentDirectory))]
public sealed class RelativeDirectoryTests
{
    [Fact]
    public void A_relative_plugin_directory_resolves_against_the_app_base_directory_not_the_current_directory()
    {
        using var temp = new TempPluginDirectory();
        // A decoy: the same relative path under the current directory holds a different plugin.
        var decoy = Path.Combine(temp.Root, FixturePlugins.DirectoryName);
        TempPluginDirectory.CopyDirectory(Path.Combine(FixturePlugins.Directory, FixturePlugins.Slicer), Path.Combine(decoy, FixturePlugins.Slicer));
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(temp.Root);
        try
        {
            var builder = new ServiceCollection().AddBatchivo(o =>
            {
                o.Plugins.Directories.Add(FixturePlugins.DirectoryName);
                o.Plugins.Enabled.Add(FixturePlugins.MemoryStore);
            });

            var loaded = Assert.Single(builder.Diagnostics.Loaded);
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, FixturePlugins.DirectoryName, FixturePlugins.MemoryStore, "Fixture.MemoryStore.dll"), loaded.File);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Fact]
    public void A_relative_path_from_the_base_directory_reaches_a_directory_elsewhere()
    {
        using var temp = new TempPluginDirectory();
        var relative = Path.GetRelativePath(AppContext.BaseDirectory, temp.Plugins);
        Assert.False(Path.IsPathRooted(relative));

        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(relative);
            o.Plugins.Enabled.Add(FixturePlugins.Printer);
        });

        Assert.Equal(FixturePlugins.FileIn(temp.Plugins, FixturePlugins.Printer), Assert.Single(builder.Diagnostics.Loaded).File);
    }
}
