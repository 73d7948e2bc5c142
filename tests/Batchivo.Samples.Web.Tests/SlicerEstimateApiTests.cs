using System.Net.Http.Headers;
using Batchivo.Samples.Web.Tests.Support;

namespace Batchivo.Samples.Web.Tests;

/// <summary>POST /api/runs/{n}/estimate: a real slicer file uploaded to a draft run, read by the host's slicer plugin folders.</summary>
public sealed class SlicerEstimateApiTests
{
    [Fact]
    public async Task An_uploaded_file_replaces_the_runs_estimates_and_a_file_without_one_is_a_problem_naming_why()
    {
        await using var host = await WebHost.StartAsync();
        var api = host.Client;
        await Seed.CatalogAsync(api);
        await (await api.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        await (await api.PostAsync("/api/runs/1/products", new { sku = "STAND", quantity = 3 })).JsonAsync();
        await (await api.PostAsync("/api/runs/1/spools", new { spool = "PLA-001" })).JsonAsync();
        await (await api.PostAsync("/api/runs/1/spools", new { spool = "PLA-002" })).JsonAsync();

        // Silver PLA could be either spool: refused, nothing stored.
        var ambiguous = await (await api.PostAsync("/api/runs/1/estimate", Upload("orcaslicer-2.3.1-two-colours.gcode", "benchy.gcode"))).ProblemAsync(422);
        var notSliced = await (await api.PostAsync("/api/runs/1/estimate", Upload("bambustudio-02.04-project-not-sliced.3mf", "qube.3mf"))).ProblemAsync(422);
        var noFile = await (await api.PostAsync("/api/runs/1/estimate", new MultipartFormDataContent { { new StringContent("1"), "plate" } })).ProblemAsync(400);
        var unchanged = await (await api.GetAsync("/api/runs/1")).JsonAsync();

        var estimated = await (await api.PostAsync("/api/runs/1/estimate", Upload("orcaslicer-2.3.1-two-colours.gcode", "benchy.gcode", ("map", "1=PLA-002")))).JsonAsync();

        Assert.Contains("could be any of spools PLA-001 PLA Black, PLA-002 PLA White of run #1", ambiguous.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("no-estimate", notSliced.GetProperty("outcome").GetString());
        Assert.Contains("never sliced", notSliced.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'file'", noFile.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("bom", unchanged.GetProperty("estimateSource").GetString());
        Assert.Equal(135m, unchanged.GetProperty("estimatedGrams").GetDecimal());

        Assert.Equal("slicer", estimated.GetProperty("estimateSource").GetString());
        Assert.Equal("benchy.gcode (OrcaSlicer 2.3.1-beta)", estimated.GetProperty("estimateSourceName").GetString());
        Assert.Equal(11.37m, estimated.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal([("PLA-001", 0m), ("PLA-002", 11.37m)], estimated.GetProperty("spools").EnumerateArray().Select(s => (s.GetProperty("spool").GetString(), s.GetProperty("estimatedGrams").GetDecimal())));
        Assert.Equal(0.7786m, estimated.GetProperty("estimatedHours").GetDecimal());
    }

    private static MultipartFormDataContent Upload(string fixture, string name, params (string Field, string Value)[] fields)
    {
        var file = new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "SlicerFixtures", fixture)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "file", name } };
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        return form;
    }
}
