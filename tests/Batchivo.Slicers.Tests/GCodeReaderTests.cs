using System.Text;
using Batchivo.Devices;
using Batchivo.Production;
using Batchivo.Slicers.GCode;

namespace Batchivo.Slicers.Tests;

/// <summary>The G-code reader on real files from each slicer (Fixtures/README.md names their sources) and on files made for each quirk.</summary>
public sealed class GCodeReaderTests
{
    private readonly GCodeFileReader _reader = new();

    [Theory]
    [InlineData("prusaslicer-2.8.1-mini-cube.gcode", "PrusaSlicer", "2.8.1", "0.75", "PLA", "#FF8000", 221)]
    [InlineData("prusaslicer-2.8.1-mini-cube.bgcode", "PrusaSlicer", "2.8.1", "0.75", "PLA", "#FF8000", 221)]
    [InlineData("prusaslicer-2.4.0-arcwelder.gcode", "PrusaSlicer", "2.4.0-alpha1+win64", "0.54", "ABS", "#A768DF", 536)]
    [InlineData("superslicer-2.3.56-arcwelder.gcode", "SuperSlicer", "2.3.56", "0.67", "ABS", "#A768DF", 439)]
    [InlineData("orcaslicer-2.3.1-two-colours.gcode", "OrcaSlicer", "2.3.1-beta", "11.37,0.00", "PLA,PLA", "#C0C0C0,#00C1AE", 2803)]
    [InlineData("orca-flashforge-1.4.2-three-colours.gcode", "Orca-Flashforge", "1.4.2", "11.28,0.00,0.00", "PLA,PLA,PLA", "#808000,#00C1AE,#8000FF", 2425)]
    [InlineData("bambustudio-02.04-four-colours.gcode", "Bambu Studio", "02.04.00.70", "0.22,0.15,0.27,0.07", "PLA,PLA,PLA,PLA", "#FFFFFF,#FFFF00,#FF0000,#0000FF", 1183)]
    public async Task Reads_the_grams_the_slicer_printed(string file, string slicer, string version, string grams, string types, string? colours, int seconds)
    {
        var result = await Fixtures.ReadAsync(_reader, file);

        Assert.True(result.Success, result.Error);
        var job = result.Job!;
        Assert.Equal(slicer, job.Slicer);
        Assert.Equal(version, job.SlicerVersion);
        Assert.Equal(grams, string.Join(',', job.Filaments.Select(f => f.Grams?.Grams.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(types, string.Join(',', job.Filaments.Select(f => f.Material)));
        Assert.Equal(colours ?? string.Join(',', job.Filaments.Select(_ => "")), string.Join(',', job.Filaments.Select(f => f.Colour)));
        Assert.Equal(Enumerable.Range(1, job.Filaments.Count), job.Filaments.Select(f => f.Slot));
        Assert.Equal(TimeSpan.FromSeconds(seconds), job.PrintTime);
    }

    [Fact]
    public async Task Binary_gcode_gives_what_its_text_twin_gives_including_lengths_from_a_zlib_wrapped_block()
    {
        var text = (await Fixtures.ReadAsync(_reader, "prusaslicer-2.8.1-mini-cube.gcode")).Job!;
        var binary = (await Fixtures.ReadAsync(_reader, "prusaslicer-2.8.1-mini-cube.bgcode")).Job!;

        Assert.Equal(text.Filaments, binary.Filaments);
        Assert.Equal(252.22m, binary.Filaments[0].LengthMillimetres);

        // The density and diameter are only in the slicer block, which is deflated with a zlib header.
        Assert.Equal(1.24m, binary.Filaments[0].Density);
        Assert.Equal(1.75m, binary.Filaments[0].DiameterMillimetres);
    }

    [Fact]
    public async Task Bambu_Studio_volumes_labelled_cm3_are_read_as_the_cubic_millimetres_they_are()
    {
        var job = (await Fixtures.ReadAsync(_reader, "bambustudio-02.04-four-colours.gcode")).Job!;

        // 74.87 mm of 1.75 mm filament is 180 mm³, which the file writes as "180.08" under "[cm^3]".
        Assert.Equal(180.08m, job.Filaments[0].VolumeCubicMillimetres);
        Assert.Equal(74.87m, job.Filaments[0].LengthMillimetres);
        Assert.InRange(job.Filaments[0].VolumeCubicMillimetres!.Value / job.Filaments[0].LengthMillimetres!.Value, 2.40m, 2.41m);
    }

    [Fact]
    public async Task A_profile_with_density_0_gives_unknown_grams_worked_out_from_the_length_and_the_materials_usual_density()
    {
        var job = (await Fixtures.ReadAsync(_reader, "prusaslicer-2.2.0-density-0.gcode")).Job!;

        var filament = Assert.Single(job.Filaments);
        Assert.Null(filament.Grams);
        Assert.Null(filament.Density);
        Assert.Equal(425.9m, filament.LengthMillimetres);
        Assert.Null(filament.GramsFrom(null));

        // 425.9 mm of 1.75 mm PLA (1.24 g/cm³) weighs 1.27 g; the file's rounded "1.0 cm3" would give 1.24 g.
        Assert.Equal(1.27m, filament.GramsFrom(FilamentDensities.Of(filament.Material))?.Grams);
    }

    [Theory]
    [InlineData("cura-4.10-reprap.gcode", "4.10.0", 273.87, null, 451)]
    [InlineData("cura-marlin-two-extruders.gcode", "master", 8.29066, null, 35)]
    [InlineData("cura-marlin-volumetric.gcode", "master", null, 52.8894, 34)]
    [InlineData("cura-griffin.gcode", "master", null, 52.0, 34)]
    public async Task Cura_gives_metres_or_cubic_millimetres_per_extruder_and_no_grams(string file, string version, double? length, double? volume, int seconds)
    {
        var job = (await Fixtures.ReadAsync(_reader, file)).Job!;

        Assert.Equal("Cura", job.Slicer);
        Assert.Equal(version, job.SlicerVersion);
        Assert.Equal((decimal?)length, job.Filaments[0].LengthMillimetres);
        Assert.Equal((decimal?)volume, job.Filaments[0].VolumeCubicMillimetres);
        Assert.All(job.Filaments, f => Assert.Null(f.Grams));
        Assert.Equal(TimeSpan.FromSeconds(seconds), job.PrintTime);
    }

    [Fact]
    public async Task Cura_with_two_extruders_reports_the_unused_one_as_0_m()
    {
        var job = (await Fixtures.ReadAsync(_reader, "cura-marlin-two-extruders.gcode")).Job!;

        Assert.Equal([8.29066m, 0m], job.Filaments.Select(f => f.LengthMillimetres));
    }

    [Fact]
    public async Task IdeaMaker_densities_in_kg_per_m3_become_g_per_cm3()
    {
        var job = (await Fixtures.ReadAsync(_reader, "ideamaker-4.2.0.gcode")).Job!;

        Assert.Equal("ideaMaker", job.Slicer);
        Assert.Equal("4.2.0.5250", job.SlicerVersion);
        Assert.Equal(1.24m, job.Filaments[0].Density);
        Assert.Equal(422.7m, job.Filaments[0].LengthMillimetres);
        Assert.Equal(0m, job.Filaments[1].LengthMillimetres);
        Assert.Equal(TimeSpan.FromSeconds(744), job.PrintTime);

        // 422.7 mm of 1.75 mm filament at 1.24 g/cm³.
        Assert.Equal(1.26m, job.Filaments[0].GramsFrom(null)?.Grams);
    }

    [Fact]
    public async Task Slic3r_lengths_in_metres_and_volumes_in_cm3_are_read_in_millimetres()
    {
        var job = (await Fixtures.ReadAsync(_reader, "slic3r-1.3.1.gcode")).Job!;

        Assert.Equal("Slic3r", job.Slicer);
        Assert.Equal(1.5m, job.Filaments[0].LengthMillimetres);
        Assert.Equal(10.4m, job.Filaments[0].VolumeCubicMillimetres);
        Assert.Equal(3m, job.Filaments[0].DiameterMillimetres);
    }

    [Fact]
    public async Task The_generator_line_is_found_below_a_post_processors_banner()
    {
        var lines = Fixtures.Text("prusaslicer-2.4.0-arcwelder.gcode").Split('\n');
        Assert.StartsWith("; Postprocessed by [ArcWelder]", lines[0], StringComparison.Ordinal);

        var job = (await Fixtures.ReadAsync(_reader, "prusaslicer-2.4.0-arcwelder.gcode")).Job!;

        Assert.Equal("PrusaSlicer", job.Slicer);
    }

    [Theory]
    [InlineData("prusaslicer-2.8.1-mini-cube.gcode", "0.75")]
    [InlineData("orcaslicer-2.3.1-two-colours.gcode", "11.37,0.00")]
    [InlineData("orca-flashforge-1.4.2-three-colours.gcode", "11.28,0.00,0.00")]
    [InlineData("bambustudio-02.04-four-colours.gcode", "0.22,0.15,0.27,0.07")]
    [InlineData("cura-4.10-reprap.gcode", "")]
    [InlineData("ideamaker-4.2.0.gcode", ",")]
    public async Task In_a_12_MB_file_the_summary_is_found_at_the_head_or_the_tail_reading_only_those(string fixture, string grams)
    {
        var big = Fixtures.WithBody(fixture, 12);
        using var content = new CountingStream(big);

        var result = await _reader.TryReadAsync(content, fixture);

        Assert.True(result.Success, result.Error);
        Assert.Equal(grams, string.Join(',', result.Job!.Filaments.Select(f => f.Grams?.Grams.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.True(content.BytesRead <= 64 * 1024 + 256 * 1024 + 10, $"{content.BytesRead} bytes read of {big.Length}");
    }

    [Fact]
    public async Task Lists_with_blanks_zeros_and_missing_entries_give_unknown_zero_and_unknown()
    {
        var file = """
            ; generated by PrusaSlicer 2.7.1 on 2024-01-05 at 10:00:00 UTC
            G28
            ; filament used [mm] = 1233.06, , 0.00, 410.5
            ; filament used [g] = 3.68, , 0.00
            ; total filament used [g] = 3.68
            ; filament_type = PLA;;PETG
            ; filament_colour = #000000;#FFFFFF
            ; filament_density = 1.24,,1.27,0
            ; prusaslicer_config = end
            """;

        var job = (await Fixtures.ReadAsync(_reader, Encoding.UTF8.GetBytes(file), "lists.gcode")).Job!;

        Assert.Equal(4, job.Filaments.Count);
        Assert.Equal([3.68m, null, 0m, null], Fixtures.Grams(job));
        Assert.Equal(["PLA", null, "PETG", null], job.Filaments.Select(f => f.Material));
        Assert.Equal(["#000000", "#FFFFFF", null, null], job.Filaments.Select(f => f.Colour));
        Assert.Equal([1.24m, null, 1.27m, null], job.Filaments.Select(f => f.Density));
        Assert.Equal(410.5m, job.Filaments[3].LengthMillimetres);
    }

    [Fact]
    public async Task When_the_total_disagrees_with_the_filaments_the_filaments_win()
    {
        var file = """
            ; generated by PrusaSlicer 2.6.0 on 2023-08-01 at 09:00:00 UTC
            G28
            ; filament used [g] = 3.68, 1.20
            ; total filament used [g] = 9.99
            ; total filament used for wipe tower [g] = 0.90
            ; prusaslicer_config = end
            """;

        var job = (await Fixtures.ReadAsync(_reader, Encoding.UTF8.GetBytes(file), "total.gcode")).Job!;

        Assert.Equal([3.68m, 1.20m], Fixtures.Grams(job));
        Assert.Equal(0.90m, job.TowerGrams?.Grams);
    }

    [Fact]
    public async Task Only_a_total_gives_one_filament()
    {
        var file = "; generated by SuperSlicer 2.5.59 on 2023-03-01 at 09:00:00 UTC\nG28\n; total filament used [g] = 12.34\n; SuperSlicer_config = end\n";

        var job = (await Fixtures.ReadAsync(_reader, Encoding.UTF8.GetBytes(file), "total-only.gcode")).Job!;

        Assert.Equal([12.34m], Fixtures.Grams(job));
    }

    [Fact]
    public async Task A_Bambu_Studio_file_without_usage_lines_is_no_estimate_not_0_g()
    {
        // As Bambu Studio 01.07 writes: a header block with no filament usage at all.
        var file = """
            ; HEADER_BLOCK_START
            ; BambuStudio 01.07.04.52
            ; model printing time: 1h 2m 3s; total estimated time: 1h 9m 40s
            ; total layer number: 120
            ; HEADER_BLOCK_END
            G28
            """;

        var result = await Fixtures.ReadAsync(_reader, Encoding.UTF8.GetBytes(file), "old-bambu.gcode");

        Assert.Equal(SlicerReadOutcome.NoEstimate, result.Outcome);
        Assert.False(result.Success);
        Assert.Equal("Bambu Studio 01.07.04.52", result.Job?.SlicerName);
        Assert.Empty(result.Job!.Filaments);
        Assert.Equal(new TimeSpan(1, 9, 40), result.Job.PrintTime);
        Assert.Contains("no filament usage", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Filament_weight_line_counts_in_Cura_files_only()
    {
        var cura = Fixtures.Text("cura-marlin-two-extruders.gcode").Replace(";FLAVOR:Marlin", ";FLAVOR:Marlin\n;Filament weight = [3.96, 3.53, 0.0]", StringComparison.Ordinal);
        var orca = Fixtures.Text("orcaslicer-2.3.1-two-colours.gcode").Replace("; HEADER_BLOCK_END", "; HEADER_BLOCK_END\n;Filament weight = [1.24]", StringComparison.Ordinal);

        var fromCura = (await Fixtures.ReadAsync(_reader, Encoding.UTF8.GetBytes(cura), "cura.gcode")).Job!;
        var fromOrca = (await Fixtures.ReadAsync(_reader, Encoding.UTF8.GetBytes(orca), "orca.gcode")).Job!;

        Assert.Equal([3.96m, 3.53m, 0m], Fixtures.Grams(fromCura));
        Assert.Equal([11.37m, 0m], Fixtures.Grams(fromOrca));
    }

    [Fact]
    public async Task A_file_cut_before_its_summary_is_truncated_and_says_so()
    {
        var big = Fixtures.WithBody("prusaslicer-2.8.1-mini-cube.gcode", 2);
        var cut = big[..(big.Length / 2)];

        // The 2.8.1 head has the summary too; a file whose only summary is at the end is truly cut short.
        var orca = Fixtures.WithBody("orcaslicer-2.3.1-two-colours.gcode", 2);
        var result = await Fixtures.ReadAsync(_reader, orca[..(orca.Length / 2)], "cut.gcode");

        Assert.True((await Fixtures.ReadAsync(_reader, cut, "cut-head.gcode")).Success);
        Assert.Equal(SlicerReadOutcome.Truncated, result.Outcome);
        Assert.Contains("cut short", result.Error, StringComparison.Ordinal);
        Assert.Equal("OrcaSlicer", result.Job?.Slicer);
    }

    [Theory]
    [InlineData("kisslicer-1.6.3.gcode")]
    public async Task G_code_from_a_slicer_it_does_not_know_is_declined(string fixture)
    {
        var result = await Fixtures.ReadAsync(_reader, fixture);

        Assert.Equal(SlicerReadOutcome.NotRecognised, result.Outcome);
        Assert.Contains("not G-code from a slicer this reader knows", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_plate_of_a_G_code_file_is_no_such_plate()
    {
        var result = await Fixtures.ReadAsync(_reader, "prusaslicer-2.8.1-mini-cube.gcode", plate: 2);

        Assert.Equal(SlicerReadOutcome.NoSuchPlate, result.Outcome);
    }

    [Fact]
    public async Task A_UTF16_file_is_declined_rather_than_misread()
    {
        var utf16 = Encoding.Unicode.GetBytes(Fixtures.Text("prusaslicer-2.8.1-mini-cube.gcode"));

        var result = await Fixtures.ReadAsync(_reader, utf16, "utf16.gcode");

        Assert.Equal(SlicerReadOutcome.NotRecognised, result.Outcome);
    }
}
