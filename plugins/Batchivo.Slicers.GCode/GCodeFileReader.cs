using Batchivo.Devices;

namespace Batchivo.Slicers.GCode;

/// <summary>
/// Reads filament estimates from G-code (<c>.gcode</c>, <c>.gco</c>, <c>.g</c>) and Prusa's binary G-code
/// (<c>.bgcode</c>). Only the head (64 KB) and the tail (256 KB) of a text file are read, and only the metadata blocks
/// of a binary one, so the cost does not grow with the file. Which slicer wrote it is read from the file, never from
/// its name.
/// </summary>
/// <remarks>
/// Where a file gives both per-filament grams and a total that disagrees with their sum, the per-filament values win
/// (as PrusaSlicer's own parser does); the total is used only when there are no per-filament values.
/// </remarks>
public sealed class GCodeFileReader : ISlicerFileReader
{
    /// <inheritdoc />
    public async Task<SlicerReadResult> TryReadAsync(Stream content, string fileName, SlicerReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        cancellationToken.ThrowIfCancellationRequested();
        if (options?.Plate is > 1)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.NoSuchPlate, $"{fileName} is G-code for one plate; plate {options.Plate} is not in it. Leave the plate out, or give the project's 3MF.");
        }

        if (await SlicerStreams.CopyIfNotSeekableAsync(content, cancellationToken).ConfigureAwait(false) is { } copy)
        {
            await using var copyDisposal = copy.ConfigureAwait(false);
            return await TryReadAsync(copy, fileName, options, cancellationToken).ConfigureAwait(false);
        }

        var lines = new SummaryLines();
        long length;
        try
        {
            var binary = await BinaryGCode.TryReadAsync(content, lines, cancellationToken).ConfigureAwait(false);
            if (binary is { } problem)
            {
                return SlicerReadResult.Failed(problem.Outcome, $"{fileName}: {problem.Message}");
            }

            if (lines.Comments.Count > 0)
            {
                length = content.Length;
            }
            else
            {
                var windows = await FileWindows.ReadAsync(content, cancellationToken).ConfigureAwait(false);
                length = windows.Length;
                lines.Add(windows.HeadText);
                lines.Add(windows.TailText);
            }
        }
        catch (IOException ex)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.Truncated, $"{fileName} could not be read to its end ({ex.Message}). Copy the file again.");
        }

        if (GCodeDialects.FindGenerator(lines) is not { } generator)
        {
            return SlicerReadResult.Failed(SlicerReadOutcome.NotRecognised, length == 0
                ? $"{fileName} is empty."
                : $"{fileName} is not G-code from a slicer this reader knows (PrusaSlicer, SuperSlicer, OrcaSlicer and its forks, Bambu Studio, Cura, ideaMaker, Slic3r): no generator line in its head or tail.");
        }

        var (filaments, tower, time) = GCodeDialects.Read(generator, lines);
        var job = new SlicedJob(generator.Name, generator.Version, null, filaments, tower, time);
        if (filaments.Count == 0)
        {
            var complete = lines.Comments.Any(c => c.EndsWith("_config = end", StringComparison.Ordinal) || c is "CONFIG_BLOCK_END" or "EXECUTABLE_BLOCK_END" or "End of Gcode" or "End GCode")
                || generator.Name == "Bambu Studio" || generator.Family == Family.Cura;
            return complete
                ? SlicerReadResult.Failed(SlicerReadOutcome.NoEstimate, $"{fileName} ({job.SlicerName}) gives no filament usage: that slicer version writes none. The run keeps its BOM estimates; slice it again with a newer version or give a 3MF with sliced plates.", job)
                : SlicerReadResult.Failed(SlicerReadOutcome.Truncated, $"{fileName} ({job.SlicerName}) is cut short: the summary {generator.Name} writes at the end is missing. Copy the file again from the slicer's output.", job);
        }

        return SlicerReadResult.Read(job);
    }
}
