using Microsoft.Extensions.Logging;

namespace Batchivo.Hosting.Diagnostics;

/// <summary>The host's log messages (event ids 2000-2099: plugins 2001-2009, store 2010-2019, health 2020-2029, retries 2030-2039).</summary>
internal static partial class HostingLog
{
    /// <summary>The category of the plugin and store start-up messages.</summary>
    public const string Category = "Batchivo.Hosting";

    [LoggerMessage(EventId = 2001, EventName = "PluginLoaded", Level = LogLevel.Information, Message = "Plugin {Plugin} {Version} (contract {ContractVersion}) loaded from {Source} in {Milliseconds} ms; provides {Provides}")]
    public static partial void PluginLoaded(ILogger logger, string plugin, string version, int contractVersion, string source, long milliseconds, string provides);

    [LoggerMessage(EventId = 2002, EventName = "PluginRefused", Level = LogLevel.Warning, Message = "Plugin {Plugin} refused ({Reason}) from {Source}: {Detail}")]
    public static partial void PluginRefused(ILogger logger, string plugin, PluginRefusal reason, string source, string detail);

    [LoggerMessage(EventId = 2010, EventName = "StoreStarted", Level = LogLevel.Information, Message = "Store {Provider} (plugin {Plugin}) ready in {Milliseconds} ms: {Store}")]
    public static partial void StoreStarted(ILogger logger, string provider, string plugin, long milliseconds, string store);

    [LoggerMessage(EventId = 2011, EventName = "StoreFailed", Level = LogLevel.Error, Message = "Store {Provider} could not be created: {Error}")]
    public static partial void StoreFailed(ILogger logger, string provider, string error);

    [LoggerMessage(EventId = 2020, EventName = "HealthCheckTimedOut", Level = LogLevel.Warning, Message = "Health check {Check}: {What} gave no answer within {Seconds} s")]
    public static partial void HealthCheckTimedOut(ILogger logger, string check, string what, double seconds);

    [LoggerMessage(EventId = 2030, EventName = "ConflictRetry", Level = LogLevel.Information, Message = "A write was refused on a conflict ({Error}); trying again in {DelayMs} ms (retry {Attempt} of {MaxAttempts})")]
    public static partial void ConflictRetry(ILogger logger, string error, double delayMs, int attempt, int maxAttempts);
}
