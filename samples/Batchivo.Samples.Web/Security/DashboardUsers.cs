using System.Security.Claims;

namespace Batchivo.Samples.Web.Security;

/// <summary>A dashboard user from the configuration: a name, a scope, and a password hash (see <see cref="Passwords"/>).</summary>
internal sealed record DashboardUser(string Name, string Scope, string PasswordHash);

/// <summary>
/// The dashboard's configured users, besides API keys: <c>Batchivo:Web:Users</c>, a list of { Name, Scope (read or
/// write), PasswordHash } (made by <c>batchivo users hash NAME</c>). Read at every sign-in and page, so a user removed
/// from the configuration, or given another scope, is signed out at their next page when the configuration reloads.
/// </summary>
internal sealed class DashboardUsers(IConfiguration configuration)
{
    public const string Section = "Batchivo:Web:Users";

    /// <summary>The claim that marks a principal as a configured user (the name), rather than a key.</summary>
    public const string UserClaim = "user";

    public IReadOnlyList<DashboardUser> List() =>
        [.. configuration.GetSection(Section).GetChildren()
            .Select(s => new DashboardUser(s["Name"]?.Trim() ?? string.Empty, s["Scope"]?.Trim().ToLowerInvariant() == Scopes.Write ? Scopes.Write : Scopes.Read, s["PasswordHash"] ?? string.Empty))
            .Where(u => u.Name.Length > 0 && u.PasswordHash.Length > 0)];

    /// <summary>The user whose name and password these are, or null.</summary>
    public DashboardUser? Verify(string? name, string? password)
    {
        var user = List().FirstOrDefault(u => string.Equals(u.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

        // A name nobody has costs as much as a wrong password, so timing does not tell which names exist.
        return Passwords.Verify(password, user?.PasswordHash ?? Decoy) && user is not null ? user : null;
    }

    /// <summary>True while the configuration still has this user with this scope.</summary>
    public bool StillHas(string name, string scope) =>
        List().Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase) && u.Scope == scope);

    /// <summary>The principal of a verified user, for the cookie.</summary>
    public static ClaimsPrincipal Principal(DashboardUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ApiKeyAuthentication.ScopeClaim, user.Scope), new Claim(UserClaim, user.Name)], Dashboard.Scheme));

    private static readonly string Decoy = Passwords.Hash("not-a-password-of-anyone");
}
