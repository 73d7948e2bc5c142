using Batchivo.Samples.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Batchivo.Samples.Web.Pages;

/// <summary>Sign-out: a form post (with its antiforgery token), never a link a page could trigger.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Runs/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(Dashboard.Scheme);
        return Page();
    }
}
