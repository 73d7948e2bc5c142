using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>Every error class is a problem response that says what to do, and nothing is half-stored.</summary>
public sealed class ErrorTests : IAsyncLifetime
{
    private WebHost _host = null!;

    private HttpClient Api => _host.Client;

    public async Task InitializeAsync()
    {
        _host = await WebHost.StartAsync();
        await Seed.CatalogAsync(Api);
        await (await Api.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await Api.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("{\"spool\":\"PLA-001\",\"grams\":850", "$.grams")]
    [InlineData("{\"spool\":\"PLA-001\",\"grams\":\"heavy\"}", "$.grams")]
    [InlineData("{\"spool\":\"PLA-001\",\"grams\":NaN}", "$.grams")]
    [InlineData("{\"spool\":\"PLA-001\",\"grams\":1e30}", "$.grams")]
    [InlineData("{\"spool\":\"PLA-001\",\"grams\":850,\"gramz\":1}", "$.gramz")]
    [InlineData("{\"grams\":850}", "$")]
    [InlineData("[850]", "$")]
    public async Task Malformed_input_is_400_with_the_field_and_nothing_is_stored(string json, string field)
    {
        var problem = await (await Api.PostRawAsync("/api/runs/1/weights/before", json)).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.DoesNotContain("Batchivo.Samples", problem.GetRawText(), StringComparison.Ordinal);
        await NothingWeighedAsync();
    }

    [Fact]
    public async Task A_broken_rule_is_422_naming_the_rule_and_nothing_is_stored()
    {
        var problem = await (await Api.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = -5 })).ProblemAsync(422);

        Assert.Equal("weight-must-be-positive", problem.GetProperty("rule").GetString());
        await NothingWeighedAsync();
    }

    [Fact]
    public async Task Neither_grams_nor_a_scale_is_400_saying_what_to_give()
    {
        var problem = await (await Api.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001" })).ProblemAsync(400);

        Assert.Contains("\"scale\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await NothingWeighedAsync();
    }

    [Theory]
    [InlineData("/api/runs/99")]
    [InlineData("/api/spools/PLA-404")]
    [InlineData("/api/products/NOPE")]
    [InlineData("/api/printers/X1C-9")]
    [InlineData("/api/runs/99/report")]
    public async Task An_unknown_id_or_code_is_404_naming_it(string path)
    {
        var problem = await (await Api.GetAsync(path)).ProblemAsync(404);

        Assert.Contains(path.Split('/')[3], problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_and_a_wrong_state_are_409()
    {
        await (await Api.PostAsync("/api/spools", new { code = "PLA-001", material = "PLA Red", price = 20m })).ProblemAsync(409);

        var state = await (await Api.PostAsync("/api/runs/1/complete", new { quality = 5 })).ProblemAsync(409);
        Assert.Equal("run-state", state.GetProperty("rule").GetString());
        var run = await (await Api.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal("draft", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var notes = new string('x', (int)WebApp.MaxRequestBodyBytes + 1);

        await (await Api.PutAsync("/api/runs/1/notes", new { notes })).ProblemAsync(413);

        var run = await (await Api.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("notes").ValueKind);
    }

    [Fact]
    public async Task Paging_out_of_range_is_400_naming_the_parameter()
    {
        var problem = await (await Api.GetAsync("/api/runs?pageSize=100000")).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task Unicode_codes_and_names_round_trip()
    {
        await (await Api.PostAsync("/api/spools", new { code = "PETG-Grün-1", material = "PETG Grün", brand = "Prusament", price = 29.99m, currency = "EUR" })).JsonAsync(201);

        var spool = await (await Api.GetAsync("/api/spools/" + Uri.EscapeDataString("PETG-Grün-1"))).JsonAsync();

        Assert.Equal("PETG Grün", spool.GetProperty("material").GetString());
        Assert.Equal("EUR", spool.GetProperty("price").GetProperty("currency").GetString());
    }

    private async Task NothingWeighedAsync()
    {
        var run = await (await Api.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("spools")[0].GetProperty("weightBeforeGrams").ValueKind);
        var spool = await (await Api.GetAsync("/api/spools/PLA-001")).JsonAsync();
        Assert.Empty(spool.GetProperty("ledger").EnumerateArray());
    }
}
