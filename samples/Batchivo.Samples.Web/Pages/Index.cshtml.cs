using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Batchivo.Samples.Web.Pages;

/// <summary>The dashboard's front door: the runs.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Runs/Index");
}
