namespace Batchivo.Devices;

/// <summary>One filament of a slicer's output.</summary>
/// <param name="Slot">The slicer's filament index (0-based) or tool number.</param>
/// <param name="Material">The material the slicer names, if any.</param>
/// <param name="Grams">Model grams.</param>
/// <param name="LengthMillimetres">Filament length, if given.</param>
/// <param name="PurgeGrams">Purge grams, if given.</param>
/// <param name="TowerGrams">Tower grams, if given.</param>
public sealed record SlicedFilament(int Slot, string? Material, Mass Grams, decimal? LengthMillimetres, Mass? PurgeGrams, Mass? TowerGrams);

/// <summary>What a slicer's output says a print will need.</summary>
/// <param name="Slicer">The slicer that wrote it.</param>
/// <param name="Filaments">Per filament.</param>
/// <param name="PrintTime">The estimated print time, if given.</param>
public sealed record SlicedJob(string Slicer, IReadOnlyList<SlicedFilament> Filaments, TimeSpan? PrintTime);

/// <summary>The result of reading a file that may not be a slicer's output.</summary>
/// <param name="Job">The job, when read.</param>
/// <param name="Error">Why it could not be read, otherwise.</param>
public sealed record SlicerReadResult(SlicedJob? Job, string? Error)
{
    /// <summary>True when the file was read.</summary>
    public bool Success => Job is not null;
}

/// <summary>Reads per-filament estimates from a slicer's output file.</summary>
public interface ISlicerFileReader
{
    /// <summary>Reads a file; a file this reader does not understand is a failed result, not an exception.</summary>
    /// <param name="content">The file's content.</param>
    /// <param name="fileName">The file's name, for messages and format detection.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result.</returns>
    Task<SlicerReadResult> TryReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default);
}
