using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Batchivo.Devices;

namespace Batchivo.Slicers.ThreeMf;

/// <summary>
/// Reads one plate's estimates from a 3MF project sliced by Bambu Studio or OrcaSlicer: <c>Metadata/slice_info.config</c>
/// gives per plate its print time and per filament its grams and metres. Only the zip's directory and the small
/// entries needed are read (and the first 4 KB of the plate's G-code, for the slicer's name), never the models.
/// </summary>
/// <remarks>
/// Filament ids are the slicer's 1-based slots and can skip numbers; filaments a plate does not use are left out.
/// A <c>used_g="0"</c> is a placeholder (unknown), not zero: the grams are then computed from <c>used_m</c> and the
/// project's density and diameter for that slot.
/// </remarks>
public sealed partial class ThreeMfFileReader : ISlicerFileReader
{
    private const string SliceInfo = "Metadata/slice_info.config";
    private const long MaxEntryBytes = 16 * 1024 * 1024;

    /// <inheritdoc />
    public async Task<SlicerReadResult> TryReadAsync(Stream content, string fileName, SlicerReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        cancellationToken.ThrowIfCancellationRequested();
        if (await SlicerStreams.CopyIfNotSeekableAsync(content, cancellationToken).ConfigureAwait(false) is { } copy)
        {
            await using var copyDisposal = copy.ConfigureAwait(false);
            return await TryReadAsync(copy, fileName, options, cancellationToken).ConfigureAwait(false);
        }

        var magic = new byte[4];
        var start = content.Position;
        if (await content.ReadAtLeastAsync(magic, 4, false, cancellationToken).ConfigureAwait(false) < 4 || !magic.AsSpan().SequenceEqual("PK\u0003\u0004"u8))
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.NotRecognised, $"{fileName} is not a 3MF (a zip) this reader knows.");
        }

        content.Position = start;
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            return await ReadAsync(zip, fileName, options?.Plate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or XmlException or JsonException or NotSupportedException)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.Truncated, $"{fileName} is a broken or cut-short zip ({ex.Message}). Export the 3MF from the slicer again.");
        }
    }

    private static async Task<SlicerReadResult> ReadAsync(ZipArchive zip, string fileName, int? plateNumber, CancellationToken cancellationToken)
    {
        if (zip.GetEntry(SliceInfo) is not { } entry)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.NoSliceInfo, zip.GetEntry("3D/3dmodel.model") is null
                ? $"{fileName} is a zip without slice_info: not a 3MF from Bambu Studio or OrcaSlicer."
                : $"{fileName} is a 3MF without slice_info: it was not saved by Bambu Studio or OrcaSlicer after slicing. Slice the plate and export it ('Export plate sliced file').");
        }

        var info = XDocument.Parse(await ReadTextAsync(entry, cancellationToken).ConfigureAwait(false));
        var version = info.Root?.Element("header")?.Elements("header_item").FirstOrDefault(h => (string?)h.Attribute("key") == "X-BBL-Client-Version")?.Attribute("value")?.Value;
        var plates = info.Root?.Elements("plate").Select(p => (Number: Int(Metadata(p, "index")), Element: p)).Where(p => p.Number is > 0).ToList() ?? [];
        var wanted = plateNumber ?? plates.FirstOrDefault().Number ?? 1;
        var (slicer, slicerVersion) = await SlicerOfAsync(zip, wanted, version, cancellationToken).ConfigureAwait(false);
        if (plates.Count == 0)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.NoEstimate, $"{fileName} is a {slicer} project that was never sliced: it has no plate estimates. Slice it and save or export it again.", new SlicedJob(slicer, slicerVersion, null, [], null, null));
        }

        if (plates.FirstOrDefault(p => p.Number == wanted).Element is not { } plate)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.NoSuchPlate, $"{fileName} has no sliced plate {wanted}; it has plate {string.Join(", ", plates.Select(p => p.Number))}. Give one of those.");
        }

        var settings = new Lazy<Task<JsonDocument?>>(() => ProjectSettingsAsync(zip, cancellationToken));
        var filaments = new List<SlicedFilament>();
        foreach (var filament in plate.Elements("filament"))
        {
            if (Int((string?)filament.Attribute("id")) is not { } slot || slot < 1)
            {
                continue;
            }

            var metres = Number((string?)filament.Attribute("used_m"));
            var grams = Number((string?)filament.Attribute("used_g"));
            decimal? density = null, diameter = null;
            if (grams is null or 0m)
            {
                // A placeholder: the project's profile for this slot says how to weigh the metres.
                grams = null;
                var project = await settings.Value.ConfigureAwait(false);
                density = Setting(project, "filament_density", slot);
                diameter = Setting(project, "filament_diameter", slot);
            }

            filaments.Add(new SlicedFilament(slot, (string?)filament.Attribute("type") is { Length: > 0 } type ? type : null, (string?)filament.Attribute("color") is { Length: > 0 } colour ? colour : null,
                grams is { } g ? Mass.FromGrams(g) : null, metres * 1000m, null, diameter, density is > 0 ? density : null));
        }

        (await settings.Value.ConfigureAwait(false))?.Dispose();
        var seconds = Number(Metadata(plate, "prediction"));
        var job = new SlicedJob(slicer, slicerVersion, wanted, filaments.OrderBy(f => f.Slot).ToList(), null, seconds is { } s && s < 10_000_000m ? TimeSpan.FromSeconds((double)s) : null);
        return filaments.Count == 0
            ? SlicerReadResult.Failed(SlicerReadOutcome.NoEstimate, $"{fileName} plate {wanted} uses no filament in its slice information. Slice the plate again.", job)
            : SlicerReadResult.Read(job);
    }

    // The plate's G-code names the slicer that wrote it (OrcaSlicer writes "BambuStudio" as the 3MF's application).
    private static async Task<(string Name, string? Version)> SlicerOfAsync(ZipArchive zip, int plate, string? headerVersion, CancellationToken cancellationToken)
    {
        if (zip.GetEntry($"Metadata/plate_{plate.ToString(CultureInfo.InvariantCulture)}.gcode") is { } gcode)
        {
            var stream = await gcode.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var streamDisposal = stream.ConfigureAwait(false);
            var head = new byte[4096];
            var read = await stream.ReadAtLeastAsync(head, head.Length, false, cancellationToken).ConfigureAwait(false);
            foreach (var line in Encoding.UTF8.GetString(head, 0, read).Split('\n'))
            {
                if (GeneratedBy().Match(line.Trim()) is { Success: true } match)
                {
                    var name = match.Groups["name"].Value.Trim();
                    return (name == "BambuStudio" ? "Bambu Studio" : name, match.Groups["version"].Value);
                }
            }
        }

        if (zip.GetEntry("3D/3dmodel.model") is { Length: < MaxEntryBytes } model)
        {
            // Only the head: the model's metadata comes before its meshes.
            var stream = await model.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var streamDisposal = stream.ConfigureAwait(false);
            var head = new byte[8192];
            var read = await stream.ReadAtLeastAsync(head, head.Length, false, cancellationToken).ConfigureAwait(false);
            if (Application().Match(Encoding.UTF8.GetString(head, 0, read)) is { Success: true } application)
            {
                return (application.Groups["name"].Value == "BambuStudio" ? "Bambu Studio" : application.Groups["name"].Value, application.Groups["version"].Value);
            }
        }

        return ("Bambu Studio", headerVersion is { Length: > 0 } ? headerVersion : null);
    }

    private static async Task<JsonDocument?> ProjectSettingsAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        if (zip.GetEntry("Metadata/project_settings.config") is not { Length: < MaxEntryBytes } entry)
        {
            return null;
        }

        var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var streamDisposal = stream.ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
    }

    private static decimal? Setting(JsonDocument? project, string key, int slot) =>
        project?.RootElement.ValueKind == JsonValueKind.Object && project.RootElement.TryGetProperty(key, out var values) && values.ValueKind == JsonValueKind.Array && slot <= values.GetArrayLength()
            ? Number(values[slot - 1].ValueKind == JsonValueKind.String ? values[slot - 1].GetString() : values[slot - 1].GetRawText())
            : null;

    private static async Task<string> ReadTextAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxEntryBytes)
        {
            throw new InvalidDataException($"{entry.FullName} is {entry.Length} bytes, more than slice information ever is");
        }

        var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var streamDisposal = stream.ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Metadata(XElement plate, string key) =>
        plate.Elements("metadata").FirstOrDefault(m => (string?)m.Attribute("key") == key)?.Attribute("value")?.Value;

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static decimal? Number(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value < 1e12m ? value : null;

    [GeneratedRegex(@"^;\s*(?:generated by\s+)?(?<name>BambuStudio|[A-Za-z][\w\- ]*?)\s+v?(?<version>\d[^\s]*)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GeneratedBy();

    [GeneratedRegex(@"<metadata name=""Application"">(?<name>[^<-]+)-(?<version>[^<]+)</metadata>", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Application();
}
