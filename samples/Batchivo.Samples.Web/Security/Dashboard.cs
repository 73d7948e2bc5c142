using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Batchivo.Samples.Web.Security;

/// <summary>
/// Sign-in to the dashboard: an API key, or a configured user's name and password (<see cref="DashboardUsers"/>), typed
/// once on the sign-in page becomes an HTTP-only, same-site cookie naming the key or user and its scope. Every request
/// checks that the key is still active (revoking it with batchivo keys revoke signs its users out at their next page)
/// or that the configuration still has the user with that scope.
/// </summary>
internal static class Dashboard
{
    public const string Scheme = "Dashboard";

    /// <summary>Pages that read: a signed-in key of either scope.</summary>
    public const string ReadPolicy = "dashboard-read";

    /// <summary>Pages and forms that change something: a signed-in key with the write scope.</summary>
    public const string WritePolicy = "dashboard-write";

    public static void Add(AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, o =>
        {
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/signin";
            o.Cookie.Name = "batchivo";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.Events.OnValidatePrincipal = context =>
            {
                var services = context.HttpContext.RequestServices;
                var id = context.Principal?.FindFirstValue("key_id");
                var user = context.Principal?.FindFirstValue(DashboardUsers.UserClaim);
                var scope = context.Principal?.FindFirstValue(ApiKeyAuthentication.ScopeClaim) ?? string.Empty;
                var valid = id is not null
                    ? services.GetRequiredService<ApiKeyFile>().List().Any(k => k.Id == id && k.RevokedAt is null)
                    : user is not null && services.GetRequiredService<DashboardUsers>().StillHas(user, scope);
                if (!valid)
                {
                    context.RejectPrincipal();
                    return context.HttpContext.SignOutAsync(Scheme);
                }

                return Task.CompletedTask;
            };
        });

    public static void AddPolicies(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(ApiKeyAuthentication.ScopeClaim, Scopes.Read, Scopes.Write));
        options.AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(ApiKeyAuthentication.ScopeClaim, Scopes.Write));
    }

    /// <summary>The principal of a verified key, for the cookie.</summary>
    public static ClaimsPrincipal Principal(ApiKeyJson key) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ApiKeyAuthentication.ScopeClaim, key.Scope == ApiScope.Write ? Scopes.Write : Scopes.Read), new Claim("key_id", key.Id)],
            Scheme));

    /// <summary>True when the signed-in user may change things (write scope).</summary>
    public static bool CanWrite(ClaimsPrincipal user) => user.HasClaim(ApiKeyAuthentication.ScopeClaim, Scopes.Write);
}
