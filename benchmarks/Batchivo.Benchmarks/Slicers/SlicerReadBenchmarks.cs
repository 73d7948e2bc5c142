using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Batchivo.Devices;
using Batchivo.Slicers.GCode;
using Batchivo.Slicers.ThreeMf;

namespace Batchivo.Benchmarks.Slicers;

/// <summary>
/// Reading estimates from slicer files of very different sizes, against the floor: reading a file's last 64 KB raw.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Floor500MB</c> (baseline): open the 500 MB file, seek to 64 KB before its end, read those bytes.</item>
/// <item><c>GCode500MB</c>, <c>GCode50KB</c>: the <c>gcode</c> reader on generated OrcaSlicer G-code (the real 2.3.1
/// summary and config at the end) of 500 MB and of 50 KB. The reader reads the first 64 KB and the last 256 KB.</item>
/// <item><c>ThreeMfMultiPlate</c>: the <c>3mf</c> reader, plate 2 of a generated 3MF with three plates of 40 MB of
/// G-code each (the real Bambu Studio project's metadata).</item>
/// </list>
/// The files are written once to a temporary folder and stay in the page cache, so every case measures the
/// reader's own work, not the disk.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 5, iterationCount: 20)]
public class SlicerReadBenchmarks
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "batchivo-slicer-benchmarks");
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "SlicerFixtures");
    private readonly GCodeFileReader _gcode = new();
    private readonly ThreeMfFileReader _threeMf = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private string _big = "", _small = "", _plates = "";

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(Folder);
        _big = GCode("orca-500MB.gcode", 500L * 1024 * 1024);
        _small = GCode("orca-50KB.gcode", 50 * 1024);
        _plates = MultiPlate();
    }

    [Benchmark(Baseline = true)]
    public int Floor500MB()
    {
        using var file = new FileStream(_big, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        file.Seek(-_buffer.Length, SeekOrigin.End);
        file.ReadExactly(_buffer);
        return _buffer[^1];
    }

    [Benchmark]
    public Task<SlicerReadResult> GCode500MB() => ReadAsync(_gcode, _big, null);

    [Benchmark]
    public Task<SlicerReadResult> GCode50KB() => ReadAsync(_gcode, _small, null);

    [Benchmark]
    public Task<SlicerReadResult> ThreeMfMultiPlate() => ReadAsync(_threeMf, _plates, 2);

    private static async Task<SlicerReadResult> ReadAsync(ISlicerFileReader reader, string path, int? plate)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var result = await reader.TryReadAsync(file, Path.GetFileName(path), new SlicerReadOptions(plate));
        return result.Success ? result : throw new InvalidOperationException(result.Error);
    }

    // The real fixture with a generated body grown to the size asked for.
    private static string GCode(string name, long size)
    {
        var path = Path.Combine(Folder, name);
        if (File.Exists(path) && new FileInfo(path).Length >= size)
        {
            return path;
        }

        var lines = File.ReadAllLines(Path.Combine(Fixtures, "orcaslicer-2.3.1-two-colours.gcode"));
        var first = Array.FindIndex(lines, l => l.Length > 0 && l[0] != ';');
        var tail = string.Join('\n', lines[(first + 1)..]) + "\n";
        using var output = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        output.Write(string.Join('\n', lines[..(first + 1)]) + "\n");
        long written = 0;
        for (var move = 0; written < size - tail.Length; move++)
        {
            var line = $"G1 X{100 + (move % 50)}.125 Y{80 + (move % 37)}.5 E0.04213\n";
            output.Write(line);
            written += line.Length;
        }

        output.Write(tail);
        return path;
    }

    private static string MultiPlate()
    {
        var path = Path.Combine(Folder, "three-plates.gcode.3mf");
        if (File.Exists(path))
        {
            return path;
        }

        var sliceInfo = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?>""" + "\n<config>\n  <header>\n    <header_item key=\"X-BBL-Client-Version\" value=\"02.04.00.70\"/>\n  </header>\n");
        for (var plate = 1; plate <= 3; plate++)
        {
            sliceInfo.Append(System.Globalization.CultureInfo.InvariantCulture, $"  <plate>\n    <metadata key=\"index\" value=\"{plate}\"/>\n    <metadata key=\"prediction\" value=\"{plate * 1000}\"/>\n")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"    <filament id=\"{plate}\" type=\"PLA\" color=\"#FFFFFF\" used_m=\"{plate}.5\" used_g=\"{plate}.25\" />\n  </plate>\n");
        }

        sliceInfo.Append("</config>\n");
        using var source = ZipFile.OpenRead(Path.Combine(Fixtures, "bambustudio-02.04-four-colours.gcode.3mf"));
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in source.Entries.Where(e => e.FullName is not "Metadata/slice_info.config" and not "Metadata/plate_1.gcode"))
        {
            using var from = entry.Open();
            using var to = zip.CreateEntry(entry.FullName).Open();
            from.CopyTo(to);
        }

        using (var writer = new StreamWriter(zip.CreateEntry("Metadata/slice_info.config").Open()))
        {
            writer.Write(sliceInfo);
        }

        var header = new StreamReader(source.GetEntry("Metadata/plate_1.gcode")!.Open()).ReadToEnd();
        for (var plate = 1; plate <= 3; plate++)
        {
            using var writer = new StreamWriter(zip.CreateEntry($"Metadata/plate_{plate}.gcode", CompressionLevel.Fastest).Open());
            writer.Write(header);
            for (var move = 0; move < 40 * 1024 * 1024 / 36; move++)
            {
                writer.Write($"G1 X{100 + (move % 50)}.125 Y{80 + (move % 37)}.5 E0.04213\n");
            }
        }

        return path;
    }
}
