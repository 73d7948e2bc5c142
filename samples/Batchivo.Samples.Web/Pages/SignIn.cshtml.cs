using Batchivo.Samples.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Batchivo.Samples.Web.Pages;

/// <summary>Sign-in with an API key: the key is checked like the API checks it (and wrong keys count towards the same limit), then kept as a cookie.</summary>
public sealed class SignInModel(ApiKeyFile keys) : PageModel
{

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        var failures = HttpContext.RequestServices.GetRequiredService<FailedAuthentications>();
        var address = HttpContext.Connection.RemoteIpAddress;
        if (failures.IsBlocked(address))
        {
            Problem = $"Too many wrong keys from this address: try again in up to {FailedAuthentications.Window.TotalSeconds:0} seconds.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        if (keys.Verify(key?.Trim()) is not { } verified)
        {
            failures.Count(address);
            Problem = "This key is not valid or was revoked. Check it, or create one on the host with: batchivo keys add NAME --scope write.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(Dashboard.Scheme, Dashboard.Principal(verified));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/runs");
    }
}
