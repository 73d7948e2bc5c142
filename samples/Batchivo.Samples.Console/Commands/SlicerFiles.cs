using Batchivo.Catalog;
using Batchivo.Devices;

namespace Batchivo.Samples.Console;

/// <summary>Reading a slicer file from the command line with the loaded slicer readers.</summary>
internal static class SlicerFiles
{
    /// <summary>Reads <paramref name="path"/>; a file no reader can use is an <see cref="InputException"/> saying why and what to do.</summary>
    public static async Task<SlicedJob> ReadAsync(Session s, string path, int? plate, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"There is no file {path}. Give the path of a G-code, binary G-code or 3MF file the slicer wrote.");
        }

        if (plate is < 1)
        {
            throw new InputException($"--plate {plate} is not a plate number. Plates are numbered from 1.");
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.RandomAccess);
        var result = await s.Devices.ReadSlicerFileAsync(file, Path.GetFileName(path), new SlicerReadOptions(plate), ct);
        return result.Success ? result.Job! : throw new InputException(result.Error ?? $"{path} could not be read.");
    }

    /// <summary>"1=PLA-001" pairs (Core's reader of them): slicer filament number → value.</summary>
    public static Dictionary<int, T> Pairs<T>(IEnumerable<string>? values, string option, string example, Func<string, T> parse) =>
        Production.SlicedJobs.ParsePairs(values, option, example).ToDictionary(p => p.Key, p => parse(p.Value));

    /// <summary>The lines shown for what a file says.</summary>
    public static string Describe(SlicedJob job) =>
        $"{job.SlicerName}{(job.Plate is { } p ? $", plate {p}" : "")}: " + string.Join("; ", job.Filaments.Select(f =>
            $"filament {f.Slot} {string.Join(' ', new[] { f.Material, f.Colour }.Where(x => x is not null))} {(f.Grams is { } g ? g.ToReportString() : "grams not given")}".Replace("  ", " ", StringComparison.Ordinal)))
        + (job.PrintTime is { } t ? $"; print time {(int)t.TotalHours}h {t.Minutes}m" : "");

    public static MaterialSpec Material(string text) => MaterialSpec.Parse(text);
}
