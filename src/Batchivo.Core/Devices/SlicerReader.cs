namespace Batchivo.Devices;

/// <summary>One filament of a slicer's output, as the file gives it.</summary>
/// <param name="Slot">The slicer's filament number, 1-based as slicers show it (tool T0 is filament 1).</param>
/// <param name="Material">The material type the slicer names (PLA, PETG...), if any.</param>
/// <param name="Colour">The colour the slicer names, usually hex such as <c>#FFFFFF</c>, if any.</param>
/// <param name="Grams">The grams the slicer estimates (wipe tower included where the slicer counts it in), or null when the file gives none (see <see cref="SlicedFilament.GramsFrom"/>).</param>
/// <param name="LengthMillimetres">The filament length, if given.</param>
/// <param name="VolumeCubicMillimetres">The filament volume, if given.</param>
/// <param name="DiameterMillimetres">The filament diameter of the profile, if given.</param>
/// <param name="Density">The profile's density in g/cm³, if given and above 0.</param>
public sealed record SlicedFilament(
    int Slot,
    string? Material,
    string? Colour,
    Mass? Grams,
    decimal? LengthMillimetres = null,
    decimal? VolumeCubicMillimetres = null,
    decimal? DiameterMillimetres = null,
    decimal? Density = null)
{
    /// <summary>
    /// The grams, or when the file gives none, computed from its length and diameter, else its volume, else its length
    /// and <paramref name="defaultDiameter"/>, with the file's density, else <paramref name="fallbackDensity"/>.
    /// </summary>
    /// <param name="fallbackDensity">A density in g/cm³ for when the file has none (the material's usual density), or null.</param>
    /// <param name="defaultDiameter">The filament diameter to assume when the file names none.</param>
    /// <returns>The grams, or null when they cannot be known (no density at all, or no length or volume).</returns>
    public Mass? GramsFrom(decimal? fallbackDensity, decimal defaultDiameter = 1.75m)
    {
        if (Grams is { } grams)
        {
            return grams;
        }

        var density = Density is > 0 ? Density : fallbackDensity is > 0 ? fallbackDensity : null;
        if (density is not { } gramsPerCubicCentimetre)
        {
            return null;
        }

        // The length with the file's diameter is the most precise (PrusaSlicer rounds volumes to 0.01 cm³), then the volume.
        var volume = LengthMillimetres is { } length && (DiameterMillimetres is > 0 || VolumeCubicMillimetres is null)
            ? length * (decimal)Math.PI * Square((DiameterMillimetres is > 0 ? DiameterMillimetres.Value : defaultDiameter) / 2m)
            : VolumeCubicMillimetres;
        return volume is { } cubicMillimetres ? Mass.FromGrams(Math.Round(cubicMillimetres / 1000m * gramsPerCubicCentimetre, 2, MidpointRounding.AwayFromZero)) : null;
    }

    private static decimal Square(decimal value) => value * value;
}

/// <summary>What a slicer's output says a print will need.</summary>
/// <param name="Slicer">The slicer that wrote it, e.g. PrusaSlicer.</param>
/// <param name="SlicerVersion">Its version, if given.</param>
/// <param name="Plate">The plate read (1-based), for files that hold several.</param>
/// <param name="Filaments">Per filament the file names, in slot order (unused filaments included where the file lists them).</param>
/// <param name="TowerGrams">Grams for the wipe tower, purge and flushes where the slicer reports them apart; part of the filaments' grams.</param>
/// <param name="PrintTime">The estimated print time, if given.</param>
public sealed record SlicedJob(
    string Slicer,
    string? SlicerVersion,
    int? Plate,
    IReadOnlyList<SlicedFilament> Filaments,
    Mass? TowerGrams,
    TimeSpan? PrintTime)
{
    /// <summary>"PrusaSlicer 2.8.1", or the name alone.</summary>
    public string SlicerName => SlicerVersion is { Length: > 0 } version ? $"{Slicer} {version}" : Slicer;
}

/// <summary>How a read ended.</summary>
public enum SlicerReadOutcome
{
    /// <summary>The file was read: <see cref="SlicerReadResult.Job"/> has the estimates.</summary>
    Read,

    /// <summary>Not a slicer file this reader knows.</summary>
    NotRecognised,

    /// <summary>A file this reader knows, cut short: the part that holds the estimates is missing or broken.</summary>
    Truncated,

    /// <summary>A slicer's file that carries no estimates at all (no usage lines, or a project never sliced).</summary>
    NoEstimate,

    /// <summary>A zip (3MF) without the slicer's slice information.</summary>
    NoSliceInfo,

    /// <summary>The plate asked for is not in the file.</summary>
    NoSuchPlate,
}

/// <summary>The result of reading a file that may not be a slicer's output. A failed read is a result, never an exception.</summary>
/// <param name="Outcome">How the read ended.</param>
/// <param name="Job">The estimates when <see cref="SlicerReadOutcome.Read"/>; what the file says of itself when <see cref="SlicerReadOutcome.NoEstimate"/>.</param>
/// <param name="Error">Why it could not be read, and what to do, otherwise.</param>
public sealed record SlicerReadResult(SlicerReadOutcome Outcome, SlicedJob? Job, string? Error)
{
    /// <summary>True when the file was read.</summary>
    public bool Success => Outcome == SlicerReadOutcome.Read && Job is not null;

    /// <summary>A read file.</summary>
    /// <param name="job">What it says.</param>
    /// <returns>The result.</returns>
    public static SlicerReadResult Read(SlicedJob job) => new(SlicerReadOutcome.Read, job ?? throw new ArgumentNullException(nameof(job)), null);

    /// <summary>A failed read.</summary>
    /// <param name="outcome">Why (not <see cref="SlicerReadOutcome.Read"/>).</param>
    /// <param name="error">The message: what was wrong and what to do.</param>
    /// <param name="job">What the file says of itself, if anything.</param>
    /// <returns>The result.</returns>
    public static SlicerReadResult Failed(SlicerReadOutcome outcome, string error, SlicedJob? job = null) =>
        outcome == SlicerReadOutcome.Read ? throw new ArgumentOutOfRangeException(nameof(outcome), "A failed read needs a reason other than Read.") : new(outcome, job, error);
}

/// <summary>What a read is asked for.</summary>
/// <param name="Plate">The plate (1-based) of a file that holds several; null for the first.</param>
public sealed record SlicerReadOptions(int? Plate = null);

/// <summary>
/// Reads per-filament estimates from a slicer's output file. A reader reads only the parts of the file that hold the
/// estimates (its head and tail, or a zip's directory and one entry) so that its cost does not grow with the file.
/// </summary>
public interface ISlicerFileReader
{
    /// <summary>Reads a file; a file this reader does not understand is a failed result, not an exception.</summary>
    /// <param name="content">The file's content; seekable streams are read at their head and tail only.</param>
    /// <param name="fileName">The file's name, for messages and format detection.</param>
    /// <param name="options">What is asked for (the plate), or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result.</returns>
    Task<SlicerReadResult> TryReadAsync(Stream content, string fileName, SlicerReadOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>Streams for slicer readers, which read a file at its head and tail and so need to seek.</summary>
public static class SlicerStreams
{
    /// <summary>
    /// For a stream that cannot seek (an upload being received), a copy in a temporary file, positioned at its start
    /// and deleted when disposed; null for a stream that can seek, which is read as it is.
    /// </summary>
    /// <param name="content">The stream.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The copy to read and dispose, or null.</returns>
    public static async Task<Stream?> CopyIfNotSeekableAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek)
        {
            return null;
        }

        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
