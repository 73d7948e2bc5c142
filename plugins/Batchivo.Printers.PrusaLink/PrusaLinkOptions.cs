using System.ComponentModel.DataAnnotations;

namespace Batchivo.Printers.PrusaLink;

/// <summary>A PrusaLink printer's settings (<c>Batchivo:Printers:N:Settings</c>).</summary>
public sealed class PrusaLinkOptions : IValidatableObject
{
    /// <summary>PrusaLink's address, e.g. <c>http://prusa-mk4.local</c>.</summary>
    [Required(ErrorMessage = "give PrusaLink's address, e.g. http://prusa-mk4.local (the printer's IP address works too).")]
    public Uri? Url { get; set; }

    /// <summary>The user name for HTTP digest authentication (the printer's Settings &gt; Network &gt; Login credentials; <c>maker</c> on most printers).</summary>
    /// <value>Default: none.</value>
    public string? User { get; set; }

    /// <summary>The password for HTTP digest authentication (never logged or shown).</summary>
    /// <value>Default: none.</value>
    public string? Password { get; set; }

    /// <summary>The API key, for printers set to API-key authentication (sent as <c>X-Api-Key</c>; never logged or shown).</summary>
    /// <value>Default: none.</value>
    public string? ApiKey { get; set; }

    /// <summary>How often the status and the job are read.</summary>
    /// <value>Default: 2 s; between 0.1 s and 5 min.</value>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00", ErrorMessage = "give an interval between 00:00:00.1 and 00:05:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one HTTP call (with its digest challenge and its answer's body) may take.</summary>
    /// <value>Default: 10 s; between 1 s and 5 min.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "give a timeout between 00:00:01 and 00:05:00.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest answer accepted; a larger one is a protocol fault.</summary>
    /// <value>Default: 1 MiB.</value>
    [Range(1024, 64 << 20, ErrorMessage = "give a size between 1024 and 67108864 bytes.")]
    public int MaxResponseBytes { get; set; } = Devices.PrinterMessages.DefaultMaxBytes;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var user = !string.IsNullOrEmpty(User);
        var password = !string.IsNullOrEmpty(Password);
        if (user && !password)
        {
            yield return new ValidationResult("a User needs its Password (HTTP digest, the printer's Settings > Network > Login credentials).", [nameof(Password)]);
        }
        else if (password && !user)
        {
            yield return new ValidationResult("a Password needs its User (HTTP digest; the user is 'maker' on most printers).", [nameof(User)]);
        }
        else if (!user && string.IsNullOrEmpty(ApiKey))
        {
            yield return new ValidationResult("give User and Password (HTTP digest, the printer's Settings > Network > Login credentials) or, for a printer set to API-key authentication, ApiKey.", [nameof(User)]);
        }
    }
}
