using Batchivo.Hosting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests.Loading;

/// <summary>
/// A plugin whose constructor or Register does not return is refused after the time limit, and the host goes on. The
/// fixtures wait on a gate the test puts in AppContext and opens when it is done, so no thread is left waiting.
/// </summary>
public sealed class TimeLimitTests : IDisposable
{
    private readonly ManualResetEvent _registerGate = new(initialState: false);
    private readonly ManualResetEvent _constructorGate = new(initialState: false);

    public TimeLimitTests()
    {
        AppContext.SetData("Fixture.HangsInRegister.Gate", _registerGate);
        AppContext.SetData("Fixture.HangsInConstructor.Gate", _constructorGate);
    }

    [Theory]
    [InlineData(FixturePlugins.HangsInRegister, "registering its services")]
    [InlineData(FixturePlugins.HangsInConstructor, "creating Fixture.HangsInConstructor.Plugin")]
    public void A_plugin_that_hangs_is_refused_after_the_time_limit_and_the_others_load(string folder, string doing)
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(FixturePlugins.IsolatedDirectory);
            o.Plugins.Directories.Add(FixturePlugins.Directory);
            o.Plugins.Enabled.Add(folder);
            o.Plugins.Enabled.Add(FixturePlugins.MemoryStore);
            o.Plugins.RegistrationTimeout = TimeSpan.FromSeconds(1);
            o.Store = new StoreOptions { Provider = "fixture-memory" };
        });
        FixturePlugins.Log(builder);

        var refused = FixturePlugins.Refused(builder, folder);
        Assert.Equal(PluginRefusal.TimedOut, refused.Reason);
        Assert.Contains($"longer than 1 s {doing}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RegistrationTimeout", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Fixture.MemoryStore", Assert.Single(builder.Diagnostics.Loaded).Name);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<Batchivo.Production.ProductionService>());
    }

    [Fact]
    public void A_plugin_that_ends_within_the_limit_loads_and_its_exception_is_still_reported()
    {
        var builder = new ServiceCollection().AddBatchivo(o =>
        {
            o.Plugins.Directories.Add(FixturePlugins.Directory);
            o.Plugins.Enabled.Add(FixturePlugins.ThrowsInRegister);
            o.Plugins.Enabled.Add(FixturePlugins.Printer);
            o.Plugins.RegistrationTimeout = TimeSpan.FromMinutes(1);
        });

        Assert.Equal("Fixture.Printer", Assert.Single(builder.Diagnostics.Loaded).Name);
        Assert.Equal(PluginRefusal.RegisterFailed, Assert.Single(builder.Diagnostics.Refused).Reason);
    }

    [Fact]
    public void The_time_limit_defaults_to_ten_seconds_and_comes_from_configuration()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), new ServiceCollection().AddBatchivo().RegistrationTimeout);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Batchivo:Plugins:RegistrationTimeout"] = "00:00:02.5" }).Build();

        Assert.Equal(TimeSpan.FromSeconds(2.5), new ServiceCollection().AddBatchivo(configuration).RegistrationTimeout);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void A_time_limit_that_is_not_positive_is_a_configuration_error(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Batchivo:Plugins:RegistrationTimeout"] = value }).Build();

        var error = Assert.Throws<BatchivoConfigurationException>(() => new ServiceCollection().AddBatchivo(configuration));
        Assert.Contains("RegistrationTimeout must be a positive time", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _registerGate.Set();
        _constructorGate.Set();
    }
}
