using System.IO.Compression;
using System.Text;
using Batchivo.Devices;

namespace Batchivo.Slicers.Tests;

/// <summary>The real slicer files in Fixtures/ (sources in Fixtures/README.md) and files made from them for the edge cases.</summary>
internal static class Fixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Every real fixture with the given extension.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> All(params string[] extensions) =>
        [.. Directory.GetFiles(Folder).Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];

    /// <summary>
    /// A fixture with a G-code body of about <paramref name="megabytes"/> MB put back where it was elided (after the
    /// fixture's first G-code command), so its summary is as far from the other end as in a real print.
    /// </summary>
    public static byte[] WithBody(string name, int megabytes)
    {
        var lines = Text(name).Split('\n');
        var firstCommand = Array.FindIndex(lines, l => l.Length > 0 && l[0] != ';');
        var text = new StringBuilder();
        text.AppendJoin('\n', lines[..(firstCommand + 1)]).Append('\n');
        var move = 0;
        while (text.Length < megabytes * 1024 * 1024)
        {
            text.Append("G1 X").Append(100 + (move % 50)).Append(".125 Y").Append(80 + (move % 37)).Append(".5 E0.04213\n");
            move++;
        }

        text.AppendJoin('\n', lines[(firstCommand + 1)..]);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A copy of a 3MF fixture with its slice_info.config replaced.</summary>
    public static byte[] WithSliceInfo(string name, string sliceInfo)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(Bytes(name)), ZipArchiveMode.Read))
        using (var copy = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var target = copy.CreateEntry(entry.FullName);
                using var to = target.Open();
                if (entry.FullName == "Metadata/slice_info.config")
                {
                    to.Write(Encoding.UTF8.GetBytes(sliceInfo));
                }
                else
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }
        }

        return output.ToArray();
    }

    public static Task<SlicerReadResult> ReadAsync(ISlicerFileReader reader, byte[] content, string name, int? plate = null) =>
        reader.TryReadAsync(new MemoryStream(content, writable: false), name, new SlicerReadOptions(plate));

    public static Task<SlicerReadResult> ReadAsync(ISlicerFileReader reader, string fixture, int? plate = null) =>
        ReadAsync(reader, Bytes(fixture), fixture, plate);

    public static decimal?[] Grams(SlicedJob job) => [.. job.Filaments.Select(f => f.Grams?.Grams)];
}

/// <summary>A seekable stream that counts the bytes read from it (MemoryStream's asynchronous reads go through its synchronous ones).</summary>
internal sealed class CountingStream(byte[] content) : MemoryStream(content, writable: false)
{
    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = base.Read(buffer, offset, count);
        BytesRead += read;
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = base.Read(buffer);
        BytesRead += read;
        return read;
    }
}
