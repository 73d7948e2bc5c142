using System.Text;

namespace Batchivo.Slicers.GCode;

/// <summary>
/// The head and the tail of a seekable file, the only parts a slicer's summary is in: read at both ends and never in
/// between.
/// </summary>
internal sealed class FileWindows
{
    /// <summary>How much of the head is read.</summary>
    public const int HeadBytes = 64 * 1024;

    /// <summary>How much of the tail is read: PrusaSlicer's and OrcaSlicer's summaries sit before a config dump of 30 to 200 KB.</summary>
    public const int TailBytes = 256 * 1024;

    private FileWindows(byte[] head, byte[] tail, long length)
    {
        Head = head;
        Tail = tail;
        Length = length;
    }

    /// <summary>The first bytes (the whole file when it is short).</summary>
    public byte[] Head { get; }

    /// <summary>The last bytes, not overlapping the head (empty when the head holds the whole file).</summary>
    public byte[] Tail { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The head as text, lines cut at the window's end.</summary>
    public string HeadText => Decode(Head);

    /// <summary>The tail as text, starting at the first whole line.</summary>
    public string TailText
    {
        get
        {
            var text = Decode(Tail);
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 || Length <= HeadBytes + TailBytes ? text : text[(newline + 1)..];
        }
    }

    public static async Task<FileWindows> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var start = content.Position;
        var length = content.Length - start;
        var head = new byte[(int)Math.Min(length, HeadBytes)];
        await content.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        var tailLength = (int)Math.Min(length - head.Length, TailBytes);
        var tail = new byte[tailLength];
        content.Seek(start + length - tailLength, SeekOrigin.Begin);
        await content.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        return new FileWindows(head, tail, length);
    }

    // UTF-8 with replacement characters: a broken or foreign encoding never throws, it only fails to match.
    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
