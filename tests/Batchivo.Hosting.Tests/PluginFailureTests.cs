using Batchivo.Hosting.Tests.Support;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests;

/// <summary>A loaded plugin whose store factory fails gives a typed error naming the plugin, the cause and what to do.</summary>
public sealed class PluginFailureTests
{
    [Fact]
    public async Task A_store_factory_that_throws_is_reported_with_the_plugin_the_cause_and_the_settings_to_check()
    {
        var error = await StoreError("factory-throws");

        Assert.Contains("The store provider 'factory-throws' (plugin Fixture.FactoryThrows) failed to create the store", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot reach its server at fixture.invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("Batchivo:Store:Settings", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_native_library_missing_when_the_store_is_created_is_reported_as_a_missing_file_of_the_plugin()
    {
        var error = await StoreError("factory-native");

        Assert.Contains("could not create the store: a file or library the plugin needs is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("libbatchivo-fixture-missing-native", error.Message, StringComparison.Ordinal);
        Assert.Contains("Copy the plugin's whole output folder", error.Message, StringComparison.Ordinal);
        Assert.IsType<DllNotFoundException>(error.InnerException);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    private static async Task<PluginFailedException> StoreError(string provider)
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(FixturePlugins.IsolatedDirectory);
            o.Plugins.Enabled.Add(FixturePlugins.FactoryThrows);
            o.Store = new StoreOptions { Provider = provider };
        });
        Assert.Empty(builder.Diagnostics.Refused);
        await using var serviceProvider = services.BuildServiceProvider();
        return Assert.Throws<PluginFailedException>(() => serviceProvider.GetRequiredService<IProductionStore>());
    }
}
