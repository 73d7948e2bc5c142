using Batchivo.Samples.Web.Api;
using Batchivo.Samples.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Batchivo.Samples.Web.Pages;

/// <summary>
/// What every dashboard page shares: a change runs only for a user who may write, a refused change shows its problem's
/// message next to the form that caused it (with the status the API would answer, and nothing stored), and a change
/// that worked redirects back (post, redirect, get) so a reload does not repeat it.
/// </summary>
public abstract class DashboardPage : PageModel
{
    /// <summary>The form whose change was refused, and why.</summary>
    public (string Form, string Message)? Refused { get; private set; }

    /// <summary>True when the signed-in user may change things.</summary>
    public bool CanWrite => Dashboard.CanWrite(User);

    /// <summary>The problem of <paramref name="form"/>, if its change was refused.</summary>
    public string? ProblemOf(string form) => Refused is { } r && r.Form == form ? r.Message : null;

    /// <summary>Loads what the page shows; called for a GET and again after a refused change.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Runs a change from <paramref name="form"/>; on success goes to <paramref name="next"/> (this page by default).</summary>
    protected async Task<IActionResult> ChangeAsync(string form, Func<Task<string?>> change, CancellationToken cancellationToken)
    {
        if (!CanWrite)
        {
            return Forbid();
        }

        string? next;
        try
        {
            next = await change();
        }
        catch (Exception e) when (e is BatchivoException or BadRequestException or FormatException or OverflowException)
        {
            // The status and message the API would answer with; a number the form could not read is the user's to fix (400).
            var problem = e is FormatException or OverflowException ? null : Problems.Describe(e);
            Refused = (form, problem?.Detail ?? e.Message);
            Response.StatusCode = problem?.Status ?? StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return Redirect(next ?? Request.Path + Request.QueryString);
    }

    /// <summary>A change that stays on this page.</summary>
    protected Task<IActionResult> ChangeAsync(string form, Func<Task> change, CancellationToken cancellationToken) =>
        ChangeAsync(form, async () => { await change(); return null; }, cancellationToken);
}
