using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Batchivo.Devices;

namespace Batchivo.Slicers.GCode;

/// <summary>
/// Prusa's binary G-code (libbgcode): the magic <c>GCDE</c>, then blocks. The metadata blocks (file, printer, print,
/// slicer) all come before the first G-code block, so only they are read; thumbnails are skipped by seeking.
/// </summary>
internal static class BinaryGCode
{
    private const ushort GCodeBlock = 1, ThumbnailBlock = 5;
    private const int MaxMetadataBytes = 4 * 1024 * 1024, MaxBlocks = 64;

    /// <summary>Reads the metadata blocks into <paramref name="lines"/> when the stream is binary G-code; otherwise rewinds it and returns null.</summary>
    /// <returns>Null when not binary or read; the problem otherwise.</returns>
    public static async Task<(SlicerReadOutcome Outcome, string Message)?> TryReadAsync(Stream content, SummaryLines lines, CancellationToken cancellationToken)
    {
        var start = content.Position;
        var header = new byte[10];
        if (await content.ReadAtLeastAsync(header, header.Length, false, cancellationToken).ConfigureAwait(false) < header.Length || !header.AsSpan(0, 4).SequenceEqual("GCDE"u8))
        {
            content.Position = start;
            return null;
        }

        var checksumSize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)) == 1 ? 4 : 0;
        var blockHeader = new byte[12];
        for (var block = 0; block < MaxBlocks; block++)
        {
            if (await content.ReadAtLeastAsync(blockHeader.AsMemory(0, 8), 8, false, cancellationToken).ConfigureAwait(false) < 8)
            {
                return lines.Comments.Count > 0 ? null : (SlicerReadOutcome.Truncated, "the binary G-code ends before its metadata. Copy the file again.");
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(blockHeader);
            var compression = BinaryPrimitives.ReadUInt16LittleEndian(blockHeader.AsSpan(2));
            var uncompressed = (long)BinaryPrimitives.ReadUInt32LittleEndian(blockHeader.AsSpan(4));
            var size = uncompressed;
            if (compression != 0)
            {
                if (await content.ReadAtLeastAsync(blockHeader.AsMemory(8, 4), 4, false, cancellationToken).ConfigureAwait(false) < 4)
                {
                    return (SlicerReadOutcome.Truncated, "the binary G-code ends inside a block header. Copy the file again.");
                }

                size = BinaryPrimitives.ReadUInt32LittleEndian(blockHeader.AsSpan(8));
            }

            if (type == GCodeBlock)
            {
                return null;
            }

            var parameters = type == ThumbnailBlock ? 6 : 2;
            if (type > ThumbnailBlock || size > MaxMetadataBytes || (type != ThumbnailBlock && uncompressed > MaxMetadataBytes))
            {
                return (SlicerReadOutcome.Truncated, $"block {block} of the binary G-code is not valid (type {type}, {size} bytes). Copy the file again.");
            }

            if (type == ThumbnailBlock)
            {
                content.Seek(parameters + size + checksumSize, SeekOrigin.Current);
                continue;
            }

            var data = new byte[parameters + size];
            if (await content.ReadAtLeastAsync(data, data.Length, false, cancellationToken).ConfigureAwait(false) < data.Length)
            {
                return (SlicerReadOutcome.Truncated, "the binary G-code ends inside its metadata. Copy the file again.");
            }

            content.Seek(checksumSize, SeekOrigin.Current);
            var payload = data.AsMemory(parameters);
            string text;
            switch (compression)
            {
                case 0:
                    text = Encoding.UTF8.GetString(payload.Span);
                    break;
                case 1:
                    // Deflate with a zlib header: ZLibStream, not DeflateStream.
                    try
                    {
                        var inflate = new ZLibStream(new MemoryStream(data, parameters, (int)size), CompressionMode.Decompress);
                        await using var inflateDisposal = inflate.ConfigureAwait(false);
                        using var reader = new StreamReader(inflate, Encoding.UTF8);
                        var buffer = new char[uncompressed];
                        var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
                        text = new string(buffer, 0, read);
                    }
                    catch (InvalidDataException)
                    {
                        return (SlicerReadOutcome.Truncated, $"metadata block {block} of the binary G-code does not inflate. Copy the file again.");
                    }

                    break;
                default:
                    return (SlicerReadOutcome.NotRecognised, $"the binary G-code's metadata uses compression {compression} (heatshrink), which this reader does not read. Export it with deflated or plain metadata, or as text G-code.");
            }

            lines.Add(text, bareKeyValues: true);
        }

        return lines.Comments.Count > 0 ? null : (SlicerReadOutcome.Truncated, "the binary G-code has no metadata in its first blocks. Copy the file again.");
    }
}
