using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Batchivo.Samples.Contracts;

/// <summary>
/// Passwords of the dashboard's configured users, kept only as a salted PBKDF2-HMAC-SHA256 hash (600,000 iterations, as
/// OWASP advises) in the text form <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64), which the configuration holds
/// (<c>Batchivo:Web:Users:N:PasswordHash</c>). The console's <c>batchivo users hash</c> makes one.
/// </summary>
public static class Passwords
{
    /// <summary>The iterations of a new hash.</summary>
    public const int Iterations = 600_000;

    /// <summary>The shortest password accepted.</summary>
    public const int MinLength = 10;

    private const string Scheme = "pbkdf2-sha256";

    /// <summary>Hashes a new password.</summary>
    /// <exception cref="ArgumentException">The password is shorter than <see cref="MinLength"/>; the message says so.</exception>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinLength)
        {
            throw new ArgumentException($"A password has at least {MinLength} characters; this one has {password.Length}. A few words make a long password that is easy to type.", nameof(password));
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="encoded"/> was made from; false for anything else, a malformed hash included.</summary>
    public static bool Verify(string? password, string? encoded)
    {
        if (password is null || encoded?.Split('$') is not [Scheme, var iterationsText, var saltText, var hashText]
            || !int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 10_000 or > 10_000_000)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(saltText);
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
