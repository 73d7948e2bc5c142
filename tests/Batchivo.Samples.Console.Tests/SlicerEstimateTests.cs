using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// `run estimate` and `catalog product add --from-file` on real slicer files (the Slicers tests' fixtures, sources in
/// their README), read by the plugin folders the console loads.
/// </summary>
public sealed class SlicerEstimateTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    private static string File(string name) => Path.Combine(AppContext.BaseDirectory, "SlicerFixtures", name);

    [Theory]
    [InlineData("prusaslicer-2.8.1-mini-cube.gcode", "PrusaSlicer 2.8.1", 0.75)]
    [InlineData("prusaslicer-2.8.1-mini-cube.bgcode", "PrusaSlicer 2.8.1", 0.75)]
    [InlineData("orcaslicer-2.3.1-two-colours.gcode", "OrcaSlicer 2.3.1-beta", 11.37)]
    [InlineData("orcaslicer-2.3.1-two-colours.gcode.3mf", "OrcaSlicer 2.3.1-beta, plate 1", 11.37)]
    [InlineData("bambustudio-02.04-one-colour.gcode.3mf", "Bambu Studio 02.04.00.70, plate 1", 0.72)]
    [InlineData("cura-4.10-reprap.gcode", "Cura 4.10.0", 0.82)]
    public void A_run_on_one_spool_takes_the_grams_a_real_slicer_file_gives(string file, string slicer, double grams)
    {
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S").Ok();
        _host.Run("catalog", "spool", "add", "PLA-001", "--material", "PLA Black", "--colour-hex", "#000000", "--price", "25").Ok();
        _host.Run("catalog", "product", "add", "CUBE", "--name", "Cube", "--bom", "PLA Black:45").Ok();
        _host.Run("run", "new", "--printer", "P1S-1").Ok();
        _host.Run("run", "add-product", "1", "CUBE", "--quantity", "1").Ok();
        _host.Run("run", "assign-spool", "1", "PLA-001").Ok();

        var estimated = _host.Run("run", "estimate", "1", File(file), "--json").Ok().Json;
        var text = _host.Run("report", "1").Ok().Out;

        Assert.Equal((decimal)grams, estimated.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal("slicer", estimated.GetProperty("estimateSource").GetString());
        Assert.Equal($"{file} ({slicer})", estimated.GetProperty("estimateSourceName").GetString());
        Assert.Contains($"(from slicer: {file} ({slicer}))", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_colours_go_to_their_spools_by_colour_and_an_ambiguous_filament_asks_for_a_mapping()
    {
        _host.Run("catalog", "printer", "add", "P1S-1", "--model", "Bambu P1S", "--slots", "4").Ok();
        foreach (var (code, colour, hex) in new[] { ("PLA-W", "White", "#FFFFFF"), ("PLA-Y", "Yellow", "#FFFF00"), ("PLA-R", "Red", "#FF0000"), ("PLA-B", "Blue", "#0000FF") })
        {
            _host.Run("catalog", "spool", "add", code, "--material", "PLA " + colour, "--colour-hex", hex, "--price", "20").Ok();
        }

        _host.Run("catalog", "product", "add", "QUBE", "--name", "Test qube", "--bom", "PLA White:1").Ok();
        _host.Run("run", "new", "--printer", "P1S-1").Ok();
        _host.Run("run", "add-product", "1", "QUBE", "--quantity", "1").Ok();
        foreach (var code in new[] { "PLA-W", "PLA-Y", "PLA-R", "PLA-B" })
        {
            _host.Run("run", "assign-spool", "1", code).Ok();
        }

        var run = _host.Run("run", "estimate", "1", File("bambustudio-02.04-four-colours.gcode.3mf"), "--json").Ok().Json;

        var spools = run.GetProperty("spools").EnumerateArray().ToDictionary(s => s.GetProperty("spool").GetString()!, s => s.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["PLA-W"] = 0.22m, ["PLA-Y"] = 0.15m, ["PLA-R"] = 0.27m, ["PLA-B"] = 0.07m }, spools);

        // Two black spools and a file that names no colour: the filament could be either.
        _host.Run("catalog", "spool", "add", "PLA-K1", "--material", "PLA Black", "--price", "20").Ok();
        _host.Run("catalog", "spool", "add", "PLA-K2", "--material", "PLA Black", "--price", "20").Ok();
        _host.Run("run", "new", "--printer", "P1S-1").Ok();
        _host.Run("run", "add-product", "2", "QUBE", "--quantity", "1").Ok();
        _host.Run("run", "assign-spool", "2", "PLA-K1").Ok();
        _host.Run("run", "assign-spool", "2", "PLA-K2").Ok();
        var ambiguous = _host.Run("run", "estimate", "2", File("cura-4.10-reprap.gcode"));

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("could be any of spools PLA-K1 PLA Black, PLA-K2 PLA Black of run #2. Map it, e.g. --map 1=PLA-K1.", ambiguous.Error, StringComparison.Ordinal);
        Assert.Equal("bom", _host.Run("run", "show", "2", "--json").Ok().Json.GetProperty("estimateSource").GetString());
        var mapped = _host.Run("run", "estimate", "2", File("cura-4.10-reprap.gcode"), "--map", "1=PLA-K2", "--json").Ok().Json;
        var mappedSpools = mapped.GetProperty("spools").EnumerateArray().ToDictionary(s => s.GetProperty("spool").GetString()!, s => s.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(0m, mappedSpools["PLA-K1"]);
        Assert.Equal(0.82m, mappedSpools["PLA-K2"]);
    }

    [Fact]
    public void Files_that_give_no_estimate_are_refused_with_the_reason_and_nothing_changes()
    {
        Seed.Catalog(_host);
        Seed.DraftRun(_host);
        var before = _host.Run("run", "show", "1", "--json").Ok().Json.GetProperty("version").GetInt64();

        var notSliced = _host.Run("run", "estimate", "1", File("bambustudio-02.04-project-not-sliced.3mf"));
        var unknown = _host.Run("run", "estimate", "1", File("kisslicer-1.6.3.gcode"));
        var missing = _host.Run("run", "estimate", "1", File("nowhere.gcode"));
        var plate = _host.Run("run", "estimate", "1", File("orcaslicer-2.3.1-two-colours.gcode.3mf"), "--plate", "4");
        var badMap = _host.Run("run", "estimate", "1", File("orcaslicer-2.3.1-two-colours.gcode"), "--map", "one=PLA-001");

        Assert.All(new[] { notSliced, unknown, missing, plate, badMap }, r => Assert.Equal(2, r.ExitCode));
        Assert.Contains("never sliced", notSliced.Error, StringComparison.Ordinal);
        Assert.Contains("No loaded slicer reader knows kisslicer-1.6.3.gcode", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("There is no file", missing.Error, StringComparison.Ordinal);
        Assert.Contains("has no sliced plate 4; it has plate 1", plate.Error, StringComparison.Ordinal);
        Assert.Contains("--map 'one=PLA-001' is not FILAMENT=VALUE", badMap.Error, StringComparison.Ordinal);
        var after = _host.Run("run", "show", "1", "--json").Ok().Json;
        Assert.Equal(before, after.GetProperty("version").GetInt64());
        Assert.Equal("bom", after.GetProperty("estimateSource").GetString());
    }

    [Fact]
    public void A_product_takes_its_bill_of_materials_from_a_file_printing_several_units()
    {
        _host.Run("catalog", "spool", "add", "PLA-S", "--material", "PLA Silver", "--colour-hex", "#C0C0C0", "--price", "20").Ok();

        var product = _host.Run("catalog", "product", "add", "BENCHY", "--name", "3DBenchy", "--from-file", File("orcaslicer-2.3.1-two-colours.gcode"), "--units", "2", "--json").Ok().Json;
        var named = _host.Run("catalog", "product", "add", "CUBE", "--name", "Cube", "--from-file", File("prusaslicer-2.8.1-mini-cube.bgcode"), "--material", "1=PLA Orange", "--json").Ok().Json;
        var unnamed = _host.Run("catalog", "product", "add", "CUBE2", "--name", "Cube", "--from-file", File("prusaslicer-2.8.1-mini-cube.bgcode"));

        var line = Assert.Single(product.GetProperty("bom").EnumerateArray());
        Assert.Equal("PLA Silver", line.GetProperty("material").GetString());
        Assert.Equal(5.69m, line.GetProperty("gramsPerUnit").GetDecimal());
        Assert.Equal("PLA Orange", Assert.Single(named.GetProperty("bom").EnumerateArray()).GetProperty("material").GetString());
        Assert.Equal(2, unnamed.ExitCode);
        Assert.Contains("Name it, e.g. --material 1=\"PLA Black\"", unnamed.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
