using Batchivo.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Batchivo.Hosting.Tests;

/// <summary>What the host logs of the plugin folders it loaded and refused, through the host's own logger provider, once.</summary>
public sealed class StartupLoggingTests
{
    [Fact]
    public async Task Loaded_and_refused_plugins_are_logged_once_when_the_host_starts_with_their_version_load_time_and_reason()
    {
        using var logs = new FakeLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs));
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(FixturePlugins.Directory));
        await using var provider = services.BuildServiceProvider();

        // Started twice (or the store resolved after the start): logged once.
        for (var i = 0; i < 2; i++)
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        }
        var records = logs.Collector.GetSnapshot();

        var loaded = records.Where(r => r.Id.Id == 2001).ToList();
        Assert.Equal(builder.Diagnostics.Loaded.Count, loaded.Count);
        var hello = Assert.Single(loaded, r => r.Message.StartsWith("Plugin Batchivo.Examples.HelloScale ", StringComparison.Ordinal));
        var diagnostics = Assert.Single(builder.Diagnostics.Loaded, p => p.Name == FixturePlugins.HelloScale);
        Assert.Contains($" {diagnostics.Version} (contract {diagnostics.ContractVersion})", hello.Message, StringComparison.Ordinal);
        Assert.Contains($" in {(long)diagnostics.LoadTime.TotalMilliseconds} ms", hello.Message, StringComparison.Ordinal);
        Assert.True(diagnostics.LoadTime > TimeSpan.Zero, "The plugin's load time was not measured.");
        Assert.Equal("Batchivo.Hosting", hello.Category);

        var refused = records.Where(r => r.Id.Id == 2002).ToList();
        Assert.Equal(builder.Diagnostics.Refused.Count, refused.Count);
        Assert.All(refused, r => Assert.Equal(LogLevel.Warning, r.Level));
        var corrupt = Assert.Single(refused, r => r.Message.StartsWith($"Plugin {FixturePlugins.Corrupt} refused (Corrupt)", StringComparison.Ordinal));
        Assert.Contains("not a valid .NET assembly", corrupt.Message, StringComparison.Ordinal);
        Assert.Single(refused, r => r.Message.StartsWith($"Plugin {FixturePlugins.ThrowsInConstructor} refused (ConstructorFailed)", StringComparison.Ordinal));
    }
}
