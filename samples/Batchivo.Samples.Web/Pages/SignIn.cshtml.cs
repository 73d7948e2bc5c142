using Batchivo.Samples.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Batchivo.Samples.Web.Pages;

/// <summary>Sign-in with an API key (checked as the API checks it) or a configured user's name and password; then kept as a cookie.</summary>
internal sealed class SignInModel(ApiKeyFile keys, DashboardUsers users) : PageModel
{

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>Which form the problem is about: "key" or "user".</summary>
    public string? ProblemField { get; private set; }

    public Task<IActionResult> OnPostAsync(string? key) =>
        SignInAsync("key", () => keys.Verify(key?.Trim()) is { } verified ? Dashboard.Principal(verified) : null,
            "This key is not valid or was revoked. Check it, or create one on the host with: batchivo keys add NAME --scope write.");

    /// <summary>The user name typed, kept in the form after a refusal.</summary>
    public string? UserName { get; private set; }

    public Task<IActionResult> OnPostUserAsync(string? name, string? password)
    {
        UserName = name;
        return SignInAsync("user", () => users.Verify(name, password) is { } user ? DashboardUsers.Principal(user) : null,
            "This user name and password do not match a configured user. Check them, or ask whoever runs the host (batchivo users hash NAME).");
    }

    // Both ways count wrong attempts towards the same per-address limit as the API's keys.
    private async Task<IActionResult> SignInAsync(string field, Func<System.Security.Claims.ClaimsPrincipal?> verify, string refused)
    {
        var failures = HttpContext.RequestServices.GetRequiredService<FailedAuthentications>();
        var address = HttpContext.Connection.RemoteIpAddress;
        ProblemField = field;
        if (failures.IsBlocked(address))
        {
            Problem = $"Too many wrong sign-ins from this address: try again in up to {FailedAuthentications.Window.TotalSeconds:0} seconds.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        if (verify() is not { } principal)
        {
            failures.Count(address);
            Problem = refused;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(Dashboard.Scheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/runs");
    }
}
