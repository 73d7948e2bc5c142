using System.Net;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>Runs and spools carry an ETag; a write with a stale If-Match gets 412 and stores nothing.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_clients_editing_one_run_one_gets_412_and_the_others_edit_is_kept()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        using var bench = host.NewClient();
        using var phone = host.NewClient();
        var tag = (await bench.GetAsync("/api/runs/1")).Headers.ETag!.Tag;
        Assert.Equal(tag, (await phone.GetAsync("/api/runs/1")).Headers.ETag!.Tag);

        var first = await bench.PutAsync("/api/runs/1/notes", new { notes = "bench: nozzle cleaned" }, tag);
        var second = await phone.PutAsync("/api/runs/1/notes", new { notes = "phone: plate swapped" }, tag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await second.ProblemAsync(412);
        Assert.Contains("run #1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("If-Match", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var run = await (await host.Client.GetAsync("/api/runs/1")).JsonAsync();
        Assert.Equal("bench: nozzle cleaned", run.GetProperty("notes").GetString());
        Assert.NotEqual(tag, first.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("\"999\"")]
    [InlineData("\"not-a-version\"")]
    public async Task A_tag_that_is_not_the_current_version_is_412_for_every_kind_of_run_write(string stale)
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await host.Client.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        var before = await (await host.Client.GetAsync("/api/runs/1")).Content.ReadAsStringAsync();

        await (await host.Client.PostAsync("/api/runs/1/weights/before", new { spool = "PLA-001", grams = 850 }, stale)).ProblemAsync(412);
        await (await host.Client.PostAsync("/api/runs/1/products", new { sku = "CLIP", quantity = 1 }, stale)).ProblemAsync(412);
        await (await host.Client.PostAsync("/api/runs/1/cancel", null, stale)).ProblemAsync(412);
        await (await host.Client.PostAsync("/api/runs/1/reprint", null, stale)).ProblemAsync(412);

        Assert.Equal(before, await (await host.Client.GetAsync("/api/runs/1")).Content.ReadAsStringAsync());
        Assert.Empty((await (await host.Client.GetAsync("/api/spools/PLA-001")).JsonAsync()).GetProperty("ledger").EnumerateArray());
    }

    [Fact]
    public async Task A_spool_edit_or_weighing_with_a_stale_tag_is_412_and_the_current_tag_goes_ahead()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        var tag = (await host.Client.GetAsync("/api/spools/PLA-001")).Headers.ETag!.Tag;
        var weighed = await host.Client.PostAsync("/api/spools/PLA-001/weighings", new { grams = 1240 }, tag);
        Assert.Equal(HttpStatusCode.OK, weighed.StatusCode);

        await (await host.Client.PostAsync("/api/spools/PLA-001/adjustments", new { grams = 1200, reason = "typo" }, tag)).ProblemAsync(412);
        var edit = new HttpRequestMessage(HttpMethod.Patch, "/api/spools/PLA-001") { Content = new StringContent("{\"price\": 1}", System.Text.Encoding.UTF8, "application/json") };
        edit.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(tag));
        await (await host.Client.SendAsync(edit)).ProblemAsync(412);

        var spool = await (await host.Client.GetAsync("/api/spools/PLA-001")).JsonAsync();
        Assert.Equal((1240m, 25m), (spool.GetProperty("grossGrams").GetDecimal(), spool.GetProperty("price").GetProperty("amount").GetDecimal()));
        Assert.Equal(weighed.Headers.ETag!.Tag, (await host.Client.GetAsync("/api/spools/PLA-001")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_write_with_the_current_tag_or_none_goes_ahead()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        var created = await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" });
        var tag = created.Headers.ETag!.Tag;

        var tagged = await host.Client.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 }, tag);
        var untagged = await host.Client.PostAsync("/api/runs/1/products", new { sku = "CLIP", quantity = 10 });

        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Equal(["STAND", "CLIP"], (await untagged.JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
    }
}
