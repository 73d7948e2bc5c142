using System.IO.Compression;
using Batchivo.Devices;
using Batchivo.Slicers.ThreeMf;

namespace Batchivo.Slicers.Tests;

/// <summary>The 3MF reader on real sliced projects (Fixtures/README.md names their sources) and on copies changed for each quirk.</summary>
public sealed class ThreeMfReaderTests
{
    private readonly ThreeMfFileReader _reader = new();

    [Theory]
    [InlineData("bambustudio-02.04-four-colours.gcode.3mf", "Bambu Studio", "02.04.00.70", "0.22,0.15,0.27,0.07", "#FFFFFF,#FFFF00,#FF0000,#0000FF", 1183)]
    [InlineData("bambustudio-02.04-one-colour.gcode.3mf", "Bambu Studio", "02.04.00.70", "0.72", "#FFFFFF", 865)]
    [InlineData("orcaslicer-2.3.1-two-colours.gcode.3mf", "OrcaSlicer", "2.3.1-beta", "11.37", "#C0C0C0", 2803)]
    [InlineData("snapmaker-orca-2.3.4-two-colours.gcode.3mf", "Snapmaker Orca", "2.3.4", "3.73,1.94", "#FFFFFF,#0D6284", 4747)]
    public async Task Reads_the_grams_the_slicer_printed_for_the_plate(string file, string slicer, string version, string grams, string colours, int seconds)
    {
        var result = await Fixtures.ReadAsync(_reader, file);

        Assert.True(result.Success, result.Error);
        var job = result.Job!;
        Assert.Equal(slicer, job.Slicer);
        Assert.Equal(version, job.SlicerVersion);
        Assert.Equal(1, job.Plate);
        Assert.Equal(grams, string.Join(',', job.Filaments.Select(f => f.Grams?.Grams.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(colours, string.Join(',', job.Filaments.Select(f => f.Colour)));
        Assert.All(job.Filaments, f => Assert.Equal("PLA", f.Material));
        Assert.Equal(TimeSpan.FromSeconds(seconds), job.PrintTime);
    }

    [Fact]
    public async Task The_3MF_and_the_G_code_Bambu_Studio_wrote_for_the_same_plate_agree()
    {
        var fromZip = (await Fixtures.ReadAsync(_reader, "bambustudio-02.04-four-colours.gcode.3mf")).Job!;
        var fromGCode = (await Fixtures.ReadAsync(new GCode.GCodeFileReader(), "bambustudio-02.04-four-colours.gcode")).Job!;

        Assert.Equal(Fixtures.Grams(fromGCode), Fixtures.Grams(fromZip));
        Assert.Equal(fromGCode.PrintTime, fromZip.PrintTime);
        Assert.Equal(fromGCode.Filaments.Select(f => f.Colour), fromZip.Filaments.Select(f => f.Colour));
    }

    [Fact]
    public async Task Ids_that_skip_numbers_stay_the_slicers_slots_and_a_used_g_of_0_is_worked_out_from_the_metres()
    {
        var sliceInfo = MultiPlate.Replace("<plate>\n    <metadata key=\"index\" value=\"2\"/>", "<plate>\n    <metadata key=\"index\" value=\"9\"/>", StringComparison.Ordinal);
        var file = Fixtures.WithSliceInfo("bambustudio-02.04-four-colours.gcode.3mf", sliceInfo);

        var job = (await Fixtures.ReadAsync(_reader, file, "skips.3mf")).Job!;

        Assert.Equal([1, 3], job.Filaments.Select(f => f.Slot));
        Assert.Equal(0.22m, job.Filaments[0].Grams?.Grams);
        Assert.Null(job.Filaments[1].Grams);

        // used_m 0.09 of the project's slot 3 (1.75 mm, 1.24 g/cm³): 0.27 g, what Bambu Studio printed for it.
        Assert.Equal(1.24m, job.Filaments[1].Density);
        Assert.Equal(0.27m, job.Filaments[1].GramsFrom(null)?.Grams);
    }

    [Fact]
    public async Task A_plate_is_chosen_by_its_index_and_a_missing_one_says_which_there_are()
    {
        var file = Fixtures.WithSliceInfo("bambustudio-02.04-four-colours.gcode.3mf", MultiPlate);

        var second = (await Fixtures.ReadAsync(_reader, file, "plates.3mf", plate: 2)).Job!;
        var missing = await Fixtures.ReadAsync(_reader, file, "plates.3mf", plate: 3);

        Assert.Equal(2, second.Plate);
        Assert.Equal([2, 4], second.Filaments.Select(f => f.Slot));
        Assert.Equal([5.5m, 1.25m], Fixtures.Grams(second));
        Assert.Equal(TimeSpan.FromSeconds(3600), second.PrintTime);
        Assert.Equal(SlicerReadOutcome.NoSuchPlate, missing.Outcome);
        Assert.Contains("it has plate 1, 2", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_saved_without_slicing_is_no_estimate()
    {
        var result = await Fixtures.ReadAsync(_reader, "bambustudio-02.04-project-not-sliced.3mf");

        Assert.Equal(SlicerReadOutcome.NoEstimate, result.Outcome);
        Assert.Contains("never sliced", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_3MF_without_slice_info_and_a_zip_of_something_else_are_told_apart()
    {
        var withoutInfo = Rezip("bambustudio-02.04-one-colour.gcode.3mf", drop: "Metadata/slice_info.config");
        using var other = new MemoryStream();
        using (var zip = new ZipArchive(other, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("photos/plate.jpg");
        }

        var project = await Fixtures.ReadAsync(_reader, withoutInfo, "model.3mf");
        var archive = await Fixtures.ReadAsync(_reader, other.ToArray(), "photos.zip");

        Assert.Equal(SlicerReadOutcome.NoSliceInfo, project.Outcome);
        Assert.Contains("a 3MF without slice_info", project.Error, StringComparison.Ordinal);
        Assert.Equal(SlicerReadOutcome.NoSliceInfo, archive.Outcome);
        Assert.Contains("a zip without slice_info", archive.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_cut_short_is_truncated()
    {
        var bytes = Fixtures.Bytes("bambustudio-02.04-four-colours.gcode.3mf");

        var result = await Fixtures.ReadAsync(_reader, bytes[..(bytes.Length * 2 / 3)], "cut.3mf");

        Assert.Equal(SlicerReadOutcome.Truncated, result.Outcome);
        Assert.Contains("Export the 3MF from the slicer again", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task G_code_is_not_a_3MF()
    {
        var result = await Fixtures.ReadAsync(_reader, "prusaslicer-2.8.1-mini-cube.gcode");

        Assert.Equal(SlicerReadOutcome.NotRecognised, result.Outcome);
    }

    // Bambu Studio's four-colour slice_info with a second plate (made for these tests).
    private const string MultiPlate = """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
          <header>
            <header_item key="X-BBL-Client-Type" value="slicer"/>
            <header_item key="X-BBL-Client-Version" value="02.04.00.70"/>
          </header>
          <plate>
            <metadata key="index" value="1"/>
            <metadata key="prediction" value="1183"/>
            <metadata key="weight" value="0.49"/>
            <filament id="1" tray_info_idx="GFL99" type="PLA" color="#FFFFFF" used_m="0.07" used_g="0.22" />
            <filament id="3" tray_info_idx="GFL99" type="PLA" color="#FF0000" used_m="0.09" used_g="0" />
          </plate>
          <plate>
            <metadata key="index" value="2"/>
            <metadata key="prediction" value="3600"/>
            <metadata key="weight" value="6.75"/>
            <filament id="2" tray_info_idx="GFL99" type="PLA" color="#FFFF00" used_m="1.84" used_g="5.50" />
            <filament id="4" tray_info_idx="GFL99" type="PLA" color="#0000FF" used_m="0.42" used_g="1.25" />
          </plate>
        </config>
        """;

    private static byte[] Rezip(string fixture, string drop)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(Fixtures.Bytes(fixture)), ZipArchiveMode.Read))
        using (var copy = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(e => e.FullName != drop))
            {
                using var from = entry.Open();
                using var to = copy.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
