using Microsoft.Extensions.Logging;

namespace Batchivo.Diagnostics;

/// <summary>The production services' log messages (event ids 1000-1199: runs 1001-1009, events 1010-1019, scales 1100-1199).</summary>
internal static partial class CoreLog
{
    [LoggerMessage(EventId = 1001, EventName = "RunStarted", Level = LogLevel.Information, Message = "Run #{RunNumber} started on {Printer} ({EstimatedGrams} g estimated)")]
    public static partial void RunStarted(ILogger logger, int runNumber, string printer, double estimatedGrams);

    [LoggerMessage(EventId = 1002, EventName = "RunCompleted", Level = LogLevel.Information, Message = "Run #{RunNumber} on {Printer} completed: {UsedGrams} g used, {EstimatedGrams} g estimated, variance {VariancePercent} %")]
    public static partial void RunCompleted(ILogger logger, int runNumber, string printer, double usedGrams, double estimatedGrams, double? variancePercent);

    [LoggerMessage(EventId = 1003, EventName = "RunFailed", Level = LogLevel.Information, Message = "Run #{RunNumber} on {Printer} failed: {UsedGrams} g used")]
    public static partial void RunFailed(ILogger logger, int runNumber, string printer, double usedGrams);

    [LoggerMessage(EventId = 1004, EventName = "RunCancelled", Level = LogLevel.Information, Message = "Run #{RunNumber} on {Printer} cancelled: {UsedGrams} g used")]
    public static partial void RunCancelled(ILogger logger, int runNumber, string printer, double usedGrams);

    [LoggerMessage(EventId = 1010, EventName = "SubscriberFailed", Level = LogLevel.Error, Message = "Event subscriber {Subscriber} threw on {Event}; the write was stored and the other subscribers were told")]
    public static partial void SubscriberFailed(ILogger logger, string subscriber, string @event, Exception exception);

    [LoggerMessage(EventId = 1101, EventName = "ScaleFault", Level = LogLevel.Warning, Message = "Scale {Scale} ({Driver}): {Fault}: {Detail}")]
    public static partial void ScaleFault(ILogger logger, string scale, string driver, Devices.ScaleFault fault, string detail);

    [LoggerMessage(EventId = 1102, EventName = "ScaleRead", Level = LogLevel.Debug, Message = "Scale {Scale} ({Driver}): stable reading {Grams} g after {Seconds} s")]
    public static partial void ScaleRead(ILogger logger, string scale, string driver, double grams, double seconds);
}
