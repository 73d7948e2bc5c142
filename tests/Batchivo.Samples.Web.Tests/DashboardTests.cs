using Batchivo.Samples.Contracts;
using Microsoft.Extensions.Configuration;
using Batchivo.Samples.Web.Tests.Support;
using Microsoft.Playwright;

namespace Batchivo.Samples.Web.Tests;

/// <summary>The dashboard in a real browser (chromium): signing in with a key, the runs list, and what a read-only user sees.</summary>
public sealed class DashboardTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_read_only_user_signs_in_sees_the_runs_without_write_actions_and_signs_out()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        var page = await browser.NewPageAsync(host.Address);

        await page.GotoAsync("/runs");
        Assert.EndsWith("/signin?ReturnUrl=%2Fruns", page.Url, StringComparison.Ordinal);
        Assert.Equal("Sign in · Batchivo", await page.TitleAsync());
        await Browser.SubmitAsync(page, "Sign in", ("API key", host.ReadKey!));

        Assert.EndsWith("/runs", page.Url, StringComparison.Ordinal);
        Assert.Equal("Runs · Batchivo", await page.TitleAsync());
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "#1" });
        Assert.Contains("P1S-1", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("3 × Phone Stand", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("read only", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "runs-read-only");

        await Browser.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync());
        Assert.EndsWith("/signout", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/runs");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_key_signs_its_user_out_at_the_next_page_and_a_form_without_its_token_is_refused()
    {
        await using var host = await WebHost.StartAsync();
        var page = await browser.NewPageAsync(host.Address);
        await Browser.SignInAsync(page, host.ReadKey!);

        host.Keys.Revoke("display");
        await page.ReloadAsync();
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);

        // A form posted from elsewhere (no antiforgery token) signs nobody in.
        using var forged = new HttpClient { BaseAddress = host.Address };
        var response = await forged.PostAsync("/signin", new FormUrlEncodedContent([new("key", host.WriteKey!)]));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("batchivo=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_its_message_next_to_the_field()
    {
        await using var host = await WebHost.StartAsync();
        var page = await browser.NewPageAsync(host.Address);

        await page.GotoAsync("/signin");
        await page.GetByLabel("API key").FillAsync("bvo_00000000_not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var problem = page.GetByRole(AriaRole.Alert);
        Assert.Contains("not valid", await problem.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetByLabel("API key").GetAttributeAsync("aria-invalid"));
        Assert.Equal("key-problem", await page.GetByLabel("API key").GetAttributeAsync("aria-describedby"));
        Assert.EndsWith("/signin", page.Url, StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "signin-refused");
    }

    [Fact]
    public async Task The_runs_list_filters_by_status_on_a_phone_sized_screen()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await Seed.RunAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        var page = await browser.NewPageAsync(host.Address, width: 390, height: 844);
        await Browser.SignInAsync(page, host.WriteKey!);
        Assert.Equal(2, await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "#" }).CountAsync());

        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await Browser.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync());
        Assert.Contains("/runs?status=completed", page.Url, StringComparison.Ordinal);

        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "#" });
        Assert.Equal(1, await rows.CountAsync());
        await Browser.ScreenshotAsync(page, "runs-phone-completed");
        Assert.Matches(@"\+7g\s+\(\+3\.8%\)", await rows.First.InnerTextAsync());
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px screen");
        var table = await page.EvaluateAsync<int>("document.querySelector('table').scrollWidth");
        Assert.True(table <= 390, $"the runs table is {table}px wide on a 390px screen: its figures are off the screen");

        // A filter that names nothing says so next to the filters, and lists nothing.
        var refused = await page.GotoAsync("/runs?printer=Nope");
        Assert.Equal(400, refused!.Status);
        Assert.Equal("There is no printer 'Nope'.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "#" }).CountAsync());
    }

    [Fact]
    public async Task A_configured_user_signs_in_with_a_password_and_is_signed_out_once_the_configuration_changes_them()
    {
        await using var host = await WebHost.StartAsync(
            ("Batchivo:Web:Users:0:Name", "anna"), ("Batchivo:Web:Users:0:Scope", "write"), ("Batchivo:Web:Users:0:PasswordHash", Passwords.Hash("correct horse battery")));
        var page = await browser.NewPageAsync(host.Address);

        // A wrong password: the message beside the form, nobody signed in.
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name").FillAsync("anna");
        await page.GetByLabel("Password").FillAsync("wrong horse battery");
        var refused = page.WaitForResponseAsync(r => r.Request.Method == "POST");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as user" }).ClickAsync();
        Assert.Equal(401, (await refused).Status);
        Assert.Contains("do not match a configured user", await page.Locator("#user-problem").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetByLabel("User name").GetAttributeAsync("aria-invalid"));

        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await Browser.NavigatesAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in as user" }).ClickAsync());
        Assert.EndsWith("/runs", page.Url, StringComparison.Ordinal);
        Assert.Contains("anna (can change)", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "New run" }).CountAsync());

        // The keys that protect the cookie are kept beside the key file, so a restart keeps everyone signed in.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(host.Folder, "dashboard-keys"), "key-*.xml"));

        // Given read only in the configuration, anna is signed out at her next page (and signs in again as read only).
        host.Service<IConfiguration>()["Batchivo:Web:Users:0:Scope"] = "read";
        await page.ReloadAsync();
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }
}
