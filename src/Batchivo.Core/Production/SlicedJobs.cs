using Batchivo.Catalog;
using Batchivo.Devices;

namespace Batchivo.Production;

/// <summary>The usual density of common filament types, for slicer files whose profile gives none.</summary>
public static class FilamentDensities
{
    private static readonly Dictionary<string, decimal> Typical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PLA"] = 1.24m, ["PLA+"] = 1.24m, ["PETG"] = 1.27m, ["PET"] = 1.27m, ["ABS"] = 1.04m, ["ASA"] = 1.07m, ["TPU"] = 1.21m,
        ["PA"] = 1.14m, ["NYLON"] = 1.14m, ["PC"] = 1.20m, ["PVA"] = 1.23m, ["HIPS"] = 1.04m, ["PP"] = 0.90m,
    };

    /// <summary>The usual density in g/cm³ of a material type (PLA 1.24, PETG 1.27, ABS 1.04...), or null for a type not listed.</summary>
    /// <param name="materialType">The type, e.g. PLA; a suffix such as "PLA-CF" or "PLA Silk" counts as its base type.</param>
    /// <returns>The density, or null.</returns>
    public static decimal? Of(string? materialType)
    {
        if (string.IsNullOrWhiteSpace(materialType))
        {
            return null;
        }

        var type = materialType.Trim();
        if (Typical.TryGetValue(type, out var density))
        {
            return density;
        }

        var cut = type.IndexOfAny([' ', '-', '_']);
        return cut > 0 && Typical.TryGetValue(type[..cut], out density) ? density : null;
    }
}

/// <summary>Turns what a slicer file says into a run's estimates or a product's bill of materials.</summary>
public static class SlicedJobs
{
    /// <summary>
    /// The estimate for a run: each filament the file uses goes to a spool of the run, by the explicit
    /// <paramref name="map"/> where given, else by material type and then colour (hex). Grams the file does not give
    /// are computed from its length or volume with the file's density, else the material's usual one. Wipe-tower
    /// grams the slicer reports apart are shared over the filaments in proportion to their grams. Spools of the run
    /// the file does not use get 0 g.
    /// </summary>
    /// <param name="job">What the file says.</param>
    /// <param name="fileName">The file's name, shown as the estimate's source.</param>
    /// <param name="runNumber">The run's number, for messages.</param>
    /// <param name="runSpools">The run's spools.</param>
    /// <param name="map">Slicer filament number (1-based) → spool code, for the filaments that need it.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="DomainRuleException">A filament matches no spool or several, a mapping names a filament or spool that is not there, or a filament's grams cannot be known.</exception>
    public static SlicerEstimate ToRunEstimate(SlicedJob job, string fileName, int runNumber, IReadOnlyList<Spool> runSpools, IReadOnlyDictionary<int, string>? map = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(runSpools);
        map ??= new Dictionary<int, string>();
        var source = Source(job, fileName);
        foreach (var (slot, code) in map)
        {
            if (!job.Filaments.Any(f => f.Slot == slot))
            {
                throw Refused($"The mapping {slot}={code} names filament {slot}, but {source} has filament {Slots(job)}. Map those.");
            }

            if (!runSpools.Any(s => Same(s.Code, code)))
            {
                throw Refused($"The mapping {slot}={code} names spool {code}, which is not on run #{runNumber} ({Codes(runSpools)}). Add the spool to the run first, or map to one of those.");
            }
        }

        var assigned = new List<(Spool Spool, Mass Grams)>();
        var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var filament in job.Filaments.OrderBy(f => map.ContainsKey(f.Slot) ? 0 : 1))
        {
            Spool spool;
            if (map.TryGetValue(filament.Slot, out var code))
            {
                spool = runSpools.First(s => Same(s.Code, code));
            }
            else if (IsUnused(filament))
            {
                continue;
            }
            else
            {
                var candidates = runSpools.Where(s => !claimed.Contains(s.Code) && (filament.Material is null || Same(s.Material.Spec.Type, filament.Material))).ToList();
                if (candidates.Count > 1 && Hex(filament.Colour) is { } hex)
                {
                    var byColour = candidates.Where(s => Hex(s.Material.ColourHex) == hex).ToList();
                    candidates = byColour.Count > 0 ? byColour : candidates;
                }

                if (candidates.Count != 1)
                {
                    throw Refused(candidates.Count == 0
                        ? $"Filament {filament.Slot} of {source} ({Describe(filament)}) matches no spool of run #{runNumber} ({Codes(runSpools)}). Add a {filament.Material ?? "matching"} spool to the run, or map it, e.g. --map {filament.Slot}={(runSpools.Count > 0 ? runSpools[0].Code : "PLA-001")}."
                        : $"Filament {filament.Slot} of {source} ({Describe(filament)}) could be any of spools {Codes(candidates)} of run #{runNumber}. Map it, e.g. --map {filament.Slot}={candidates[0].Code}.");
                }

                spool = candidates[0];
            }

            claimed.Add(spool.Code);
            var grams = filament.GramsFrom(FilamentDensities.Of(filament.Material ?? spool.Material.Spec.Type))
                ?? throw Refused($"Filament {filament.Slot} of {source} has no grams, and they cannot be worked out: the file gives no density and {filament.Material ?? spool.Material.Spec.Type} has no usual density here. Set the filament's density in the slicer profile and slice again.");
            assigned.Add((spool, grams));
        }

        if (assigned.Count == 0)
        {
            throw Refused($"{source} uses no filament. Slice the plate again, or keep the run's BOM estimates.");
        }

        var total = assigned.Aggregate(Mass.Zero, (sum, a) => sum + a.Grams);
        var tower = job.TowerGrams is { } t && total.Grams > 0 ? (t > total ? total : t) : Mass.Zero;
        var lines = runSpools.Select(spool =>
        {
            var grams = assigned.Where(a => a.Spool.Code == spool.Code).Aggregate(Mass.Zero, (sum, a) => sum + a.Grams);
            var share = total.Grams > 0 ? Mass.FromGrams(Math.Round(tower.Grams * grams.Grams / total.Grams, 2, MidpointRounding.AwayFromZero)) : Mass.Zero;
            return new SlicerSpoolEstimate(spool.Code, grams - share, Mass.Zero, share);
        }).ToList();
        return new SlicerEstimate(source, lines, job.PrintTime);
    }

    /// <summary>
    /// A product's bill of materials from a file holding <paramref name="units"/> of it: grams per unit for each
    /// filament the file uses, to the material the explicit <paramref name="materials"/> names, else to the catalog
    /// spools' material of the same type and colour (hex).
    /// </summary>
    /// <param name="job">What the file says.</param>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="units">How many of the product the file prints.</param>
    /// <param name="catalogSpools">The catalog's spools, to find a filament's material by type and colour.</param>
    /// <param name="materials">Slicer filament number (1-based) → material, for the filaments that need it.</param>
    /// <returns>One BOM line per material.</returns>
    /// <exception cref="DomainRuleException">The units are not positive, a filament's material cannot be told, or its grams cannot be known.</exception>
    public static IReadOnlyList<BomLine> ToBom(SlicedJob job, string fileName, int units, IReadOnlyList<Spool> catalogSpools, IReadOnlyDictionary<int, MaterialSpec>? materials = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(catalogSpools);
        if (units is < 1 or > Limits.MaxQuantity)
        {
            throw Refused($"The number of units in {fileName} must be between 1 and {Limits.MaxQuantity}; {units} is not.");
        }

        var source = Source(job, fileName);
        var lines = new Dictionary<MaterialSpec, Mass>();
        foreach (var filament in job.Filaments.Where(f => materials?.ContainsKey(f.Slot) == true || !IsUnused(f)))
        {
            MaterialSpec spec;
            if (materials?.TryGetValue(filament.Slot, out var given) == true)
            {
                spec = given;
            }
            else
            {
                // Spools of the type whose colour code is the file's, or not known; an exact colour match settles several.
                var hex = Hex(filament.Colour);
                var sameType = catalogSpools.Where(s => filament.Material is not null && Same(s.Material.Spec.Type, filament.Material)).ToList();
                var specs = sameType.Where(s => hex is null || Hex(s.Material.ColourHex) is null || Hex(s.Material.ColourHex) == hex).Select(s => s.Material.Spec).Distinct().ToList();
                if (specs.Count > 1 && hex is not null && sameType.Where(s => Hex(s.Material.ColourHex) == hex).Select(s => s.Material.Spec).Distinct().ToList() is [var exact])
                {
                    specs = [exact];
                }

                spec = specs.Count == 1 ? specs[0] : throw Refused(
                    $"Filament {filament.Slot} of {source} ({Describe(filament)}) is {(specs.Count == 0 ? "no material of the catalog's spools" : "any of " + string.Join(", ", specs))}. Name it, e.g. --material {filament.Slot}=\"{(specs.Count > 0 ? specs[0].ToString() : (filament.Material ?? "PLA") + " Black")}\".");
            }

            var grams = filament.GramsFrom(FilamentDensities.Of(filament.Material ?? spec.Type))
                ?? throw Refused($"Filament {filament.Slot} of {source} has no grams, and they cannot be worked out: the file gives no density and {spec.Type} has no usual density here. Set the filament's density in the slicer profile and slice again.");
            lines[spec] = lines.TryGetValue(spec, out var sum) ? sum + grams : grams;
        }

        return lines.Count == 0
            ? throw Refused($"{source} uses no filament, so it gives no bill of materials.")
            : lines.Select(l => new BomLine(l.Key, Mass.FromGrams(Math.Round(l.Value.Grams / units, 2, MidpointRounding.AwayFromZero)))).ToList();
    }

    /// <summary>
    /// Reads <c>FILAMENT=VALUE</c> pairs (<c>1=PLA-001</c>) as typed on a command line, in a form or an API field; a
    /// pair may also hold several separated by commas (<c>1=PLA-001, 2=PLA-002</c>). Blank entries are skipped.
    /// </summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="what">The option or field they came from, for messages (e.g. <c>--map</c>).</param>
    /// <param name="example">An example pair, for messages.</param>
    /// <returns>Slicer filament number (from 1) → value.</returns>
    /// <exception cref="DomainRuleException">A pair is not a filament number and a value, or names a filament twice.</exception>
    public static Dictionary<int, string> ParsePairs(IEnumerable<string?>? pairs, string what, string example)
    {
        var map = new Dictionary<int, string>();
        foreach (var text in (pairs ?? []).SelectMany(p => (p ?? "").Split(',')).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var at = text.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || !int.TryParse(text[..at].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slot) || slot < 1 || text[(at + 1)..].Trim().Trim('"').Length == 0)
            {
                throw Refused($"{what} '{text}' is not FILAMENT=VALUE. Give the slicer's filament number (from 1) and a value, e.g. {what} {example}.");
            }

            if (!map.TryAdd(slot, text[(at + 1)..].Trim().Trim('"')))
            {
                throw Refused($"{what} names filament {slot} twice. Give each filament once.");
            }
        }

        return map;
    }

    /// <summary>"part.gcode (PrusaSlicer 2.8.1, plate 2)": what a run's estimate source says.</summary>
    /// <param name="job">The job.</param>
    /// <param name="fileName">The file's name.</param>
    /// <returns>The text.</returns>
    public static string Source(SlicedJob job, string fileName)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"{Path.GetFileName(fileName)} ({job.SlicerName}{(job.Plate is { } plate ? $", plate {plate}" : "")})";
    }

    private static bool IsUnused(SlicedFilament filament) =>
        filament.Grams is { Grams: 0m } && (filament.LengthMillimetres ?? 0) == 0 && (filament.VolumeCubicMillimetres ?? 0) == 0
        || filament is { Grams: null, LengthMillimetres: null or 0m, VolumeCubicMillimetres: null or 0m };

    private static string Describe(SlicedFilament filament) =>
        string.Join(' ', new[] { filament.Material ?? "material not named", filament.Colour }.Where(p => p is not null));

    private static string? Hex(string? colour) =>
        colour?.Trim().TrimStart('#') is { Length: 6 or 8 } hex && hex.All(char.IsAsciiHexDigit) ? hex[..6].ToUpperInvariant() : null;

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Codes(IEnumerable<Spool> spools) => string.Join(", ", spools.Select(s => $"{s.Code} {s.Material.Spec}"));

    private static string Slots(SlicedJob job) => string.Join(", ", job.Filaments.Select(f => f.Slot));

    private static DomainRuleException Refused(string message) => new(DomainRule.SlicerEstimate, message);
}
