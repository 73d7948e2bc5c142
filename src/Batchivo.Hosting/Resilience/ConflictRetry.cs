using System.ComponentModel.DataAnnotations;
using Batchivo.Diagnostics;
using Batchivo.Hosting.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Batchivo.Hosting;

/// <summary>
/// How a write refused on a concurrency conflict is tried again (see <see cref="BatchivoResilience"/>): a few times,
/// after a short exponential pause with jitter. Each try must call the service again, which reads the current state
/// first, so a retry never writes over the other writer's change and the domain's rules are checked again on it.
/// </summary>
public sealed class ConflictRetryOptions
{
    /// <summary>The default of <see cref="MaxRetryAttempts"/>: 6.</summary>
    public const int DefaultMaxRetryAttempts = 6;

    /// <summary>The default of <see cref="Delay"/>: 40 ms.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(40);

    /// <summary>How many times a refused write is tried again; after the last, the conflict reaches the caller.</summary>
    /// <value>Default: 6 (<see cref="DefaultMaxRetryAttempts"/>).</value>
    [Range(1, 100)]
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>The first pause; it doubles with each try (with jitter).</summary>
    /// <value>Default: 40 ms (<see cref="DefaultDelay"/>).</value>
    public TimeSpan Delay { get; set; } = DefaultDelay;

    /// <summary>
    /// Also try again a write refused on a duplicate key (<see cref="DuplicateKeyException"/>), for idempotent writers
    /// that find the other writer's entity on the next try (the printer tracker: two writers starting a run for one
    /// printer job). Leave it off for writes that create a key the user chose: the same key stays taken.
    /// </summary>
    /// <value>Default: false.</value>
    public bool RetryDuplicateKeys { get; set; }
}

/// <summary>
/// Batchivo's Polly v8 resilience strategy for writes refused on a concurrency conflict: retries
/// <see cref="ConcurrencyConflictException"/> (and optionally <see cref="DuplicateKeyException"/>), each retry counted
/// on the meter (<see cref="BatchivoTelemetry.StoreConflictRetries"/>) and logged.
/// </summary>
/// <example>
/// <code>
/// var pipeline = new ResiliencePipelineBuilder().AddBatchivoConflictRetry().Build();
/// var run = await pipeline.ExecuteAsync(async ct =&gt; await runs.RecordOutcomeAsync(12, "BENCHY", 4, 0, cancellationToken: ct), cancellationToken);
/// </code>
/// With Polly.Extensions' registry: <c>services.AddResiliencePipeline("batchivo-conflicts", b =&gt; b.AddBatchivoConflictRetry())</c>;
/// or with Batchivo's own registration: <c>services.AddBatchivoConflictRetry()</c>, then resolve the keyed
/// <see cref="ResiliencePipeline"/> <see cref="ConflictRetryKey"/>.
/// </example>
public static class BatchivoResilience
{
    /// <summary>The service key of the pipeline <c>AddBatchivoConflictRetry</c> registers: <c>batchivo-conflict-retry</c>.</summary>
    public const string ConflictRetryKey = "batchivo-conflict-retry";

    /// <summary>Adds Batchivo's conflict retry to a pipeline.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">The attempts and delay; the defaults when null.</param>
    /// <param name="logger">Where each retry is logged; nowhere when null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ValidationException">The options are out of range.</exception>
    public static ResiliencePipelineBuilder AddBatchivoConflictRetry(this ResiliencePipelineBuilder builder, ConflictRetryOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new ConflictRetryOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var log = logger ?? NullLogger.Instance;
        var handle = new PredicateBuilder().Handle<ConcurrencyConflictException>();
        if (options.RetryDuplicateKeys)
        {
            handle = handle.Handle<DuplicateKeyException>();
        }

        var attempts = options.MaxRetryAttempts;
        return builder.AddRetry(new RetryStrategyOptions
        {
            Name = ConflictRetryKey,
            ShouldHandle = handle,
            MaxRetryAttempts = attempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.Delay,
            OnRetry = args =>
            {
                BatchivoTelemetry.RecordConflictRetry(args.Outcome.Exception);
                if (log.IsEnabled(LogLevel.Information))
                {
                    var error = args.Outcome.Exception?.GetType().Name ?? "none";
                    HostingLog.ConflictRetry(log, error, args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, attempts);
                }
                return default;
            },
        });
    }

    /// <summary>Builds a pipeline of Batchivo's conflict retry alone.</summary>
    /// <param name="options">The attempts and delay; the defaults when null.</param>
    /// <param name="logger">Where each retry is logged; nowhere when null.</param>
    /// <returns>The pipeline (thread-safe, reusable).</returns>
    public static ResiliencePipeline ConflictRetry(ConflictRetryOptions? options = null, ILogger? logger = null) =>
        new ResiliencePipelineBuilder().AddBatchivoConflictRetry(options, logger).Build();
}
