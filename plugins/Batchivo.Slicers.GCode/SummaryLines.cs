using System.Globalization;
using System.Text.RegularExpressions;

namespace Batchivo.Slicers.GCode;

/// <summary>
/// The comment lines of a G-code's head and tail as keys and values: <c>; key = value</c> (PrusaSlicer and its
/// forks), <c>; key : value</c> (Bambu Studio's header), <c>;KEY:value</c> (Cura, ideaMaker), and <c>key=value</c>
/// (binary G-code metadata). A later line wins over an earlier one with the same key.
/// </summary>
internal sealed partial class SummaryLines
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _comments = [];

    /// <summary>Every comment line read, in order, without its leading <c>;</c> and spaces.</summary>
    public IReadOnlyList<string> Comments => _comments;

    /// <summary>Adds the comment lines of a piece of G-code.</summary>
    /// <param name="text">The text.</param>
    /// <param name="bareKeyValues">True for binary G-code metadata: <c>key=value</c> lines without <c>;</c>.</param>
    public void Add(string text, bool bareKeyValues = false)
    {
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == ';')
            {
                line = line.TrimStart(';').Trim();
            }
            else if (!bareKeyValues)
            {
                continue;
            }

            var comment = line.ToString();
            _comments.Add(comment);
            var split = comment.IndexOf(" = ", StringComparison.Ordinal);
            var width = 3;
            if (split < 0 && bareKeyValues)
            {
                split = comment.IndexOf('=', StringComparison.Ordinal);
                width = 1;
            }

            if (split < 0)
            {
                split = comment.IndexOf(':', StringComparison.Ordinal);
                width = 1;
            }

            if (split > 0)
            {
                _values[comment[..split].Trim()] = comment[(split + width)..].Trim();
            }
        }
    }

    /// <summary>A value by key, or null.</summary>
    public string? this[string key] => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>A list of numbers (<c>1.24,1.24</c> or <c>3.68, 0.00</c>); blank entries and words are null. Null when the key is missing.</summary>
    public IReadOnlyList<decimal?>? Numbers(string key, string? unitSuffix = null) =>
        this[key] is { } value ? SplitNumbers(value, unitSuffix) : null;

    /// <summary>A list of words (<c>PLA;PETG</c>); blank entries are null. Null when the key is missing.</summary>
    public IReadOnlyList<string?>? Words(string key) =>
        this[key] is { } value ? value.Split(';').Select(w => w.Trim().Trim('"') is { Length: > 0 } word ? word : null).ToList() : null;

    /// <summary>One number, or null.</summary>
    public decimal? Number(string key) => Numbers(key) is [{ } first, ..] ? first : null;

    public static IReadOnlyList<decimal?> SplitNumbers(string value, string? unitSuffix = null) =>
        value.Trim().Trim('[', ']').Split(',').Select(part => Parse(part, unitSuffix)).ToList();

    /// <summary>An invariant number (a comma is never a thousands separator), with an optional unit suffix removed.</summary>
    public static decimal? Parse(string text, string? unitSuffix = null)
    {
        var trimmed = text.Trim();
        if (unitSuffix is not null && trimmed.EndsWith(unitSuffix, StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^unitSuffix.Length].Trim();
        }

        return decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            && number >= 0 && number < 1e12m ? number : null;
    }

    /// <summary>"1d 2h 3m 4s", "37m 8s" or "20s" as a time, or null.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (text is null || DurationPattern().Match(text.Trim()) is not { Success: true } match)
        {
            return null;
        }

        static int Part(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
        var parts = new[] { match.Groups["d"], match.Groups["h"], match.Groups["m"], match.Groups["s"] };
        return parts.Any(p => p.Success) ? new TimeSpan(Part(parts[0]), Part(parts[1]), Part(parts[2]), Part(parts[3])) : null;
    }

    /// <summary>Whole seconds as a time, or null.</summary>
    public static TimeSpan? Seconds(string? text) =>
        text is not null && Parse(text) is { } seconds && seconds < 10_000_000m ? TimeSpan.FromSeconds((double)seconds) : null;

    [GeneratedRegex(@"^(?:(?<d>\d{1,4})d\s*)?(?:(?<h>\d{1,2})h\s*)?(?:(?<m>\d{1,2})m\s*)?(?:(?<s>\d{1,2})s)?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DurationPattern();
}
