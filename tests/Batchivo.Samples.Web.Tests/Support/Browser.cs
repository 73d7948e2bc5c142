using Microsoft.Playwright;

namespace Batchivo.Samples.Web.Tests.Support;

/// <summary>
/// A real browser for the dashboard's tests: Debian's chromium (installed by .ci/run; BATCHIVO_CHROMIUM names
/// another executable) driven by Microsoft.Playwright, headless, one per test class. Playwright's own browser download
/// is not used. Each test gets a fresh context (no cookies shared).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the screenshots go: bin/.../screenshots/.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BATCHIVO_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"The browser tests need chromium at {executable}: apt-get install chromium (as .ci/run does), or set BATCHIVO_CHROMIUM to a Chromium executable.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,

            // No sandbox as root in CI; no background connections, which a closed network refuses (slowly).
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new page in a context of its own, with the given viewport (a desktop by default) and language (Accept-Language and the browser's locale).</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900, string locale = "en-US")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Signs in on the sign-in page with <paramref name="key"/> and checks that the runs list came next. It waits for the
    /// new document as every form here does (<see cref="SubmitAsync"/>), not for a navigation event.
    /// </summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/signin");
        await SubmitAsync(page, "Sign in", ("API key", key));
        Assert.EndsWith("/runs", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    /// <summary>The form holding the button named <paramref name="button"/>, to fill its fields by their labels.</summary>
    public static ILocator Form(IPage page, string button) =>
        page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }) });

    /// <summary>Fills the fields of a form by their labels (exact), then submits it with <paramref name="button"/> and waits for the next page.</summary>
    public static async Task SubmitAsync(IPage page, string button, params (string Label, string Value)[] fields)
    {
        var form = Form(page, button);
        foreach (var (label, value) in fields)
        {
            var field = form.GetByLabel(label, new() { Exact = true });
            if (await field.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            {
                await field.SelectOptionAsync(value);
            }
            else
            {
                await field.FillAsync(value);
            }
        }

        await NavigatesAsync(page, () => form.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
    }

    /// <summary>Runs <paramref name="action"/> and waits until the page is a new document (a form posted, redirected and shown again), loaded.</summary>
    public static async Task NavigatesAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { window.batchivoOldDocument = true; }");
        await action();
        await page.WaitForFunctionAsync("() => !window.batchivoOldDocument && document.readyState === 'complete'", null, new() { PollingInterval = 50 });
    }

    /// <summary>Saves the page's screenshot as <c>screenshots/NAME.png</c>.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
