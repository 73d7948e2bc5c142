using System.IO.Compression;
using System.Text;
using Batchivo.Devices;

namespace Batchivo.Testing.Slicers;

/// <summary>
/// The conformance tests of a slicer file reader (<see cref="ISlicerFileReader"/>). Inherit it in a test class,
/// give the reader and the real files it claims to read; every test of this class then runs against your reader.
/// </summary>
/// <remarks>
/// What is checked: every claimed file is read, with filaments numbered from 1 without repeats, grams, lengths and
/// volumes that are not negative, wipe-tower grams within the filaments' grams, a slicer name and a print time that is
/// not negative; the same file gives the same estimates twice, and from a stream that cannot seek; foreign files (empty,
/// random bytes, an image, text, JSON, a zip of something else) are declined with a reason, never an exception; files
/// cut short at any point give a result, never an exception; a cancelled read throws <see cref="OperationCanceledException"/>.
/// Every read must finish within <see cref="ReadLimit"/>, or the test fails as a hang.
/// </remarks>
public abstract class SlicerReaderConformanceTests : ConformanceKit
{
    /// <summary>The kit's cases, one row per case name: feed your data-driven <see cref="ConformanceKit.Conformance"/> test from it
    /// (xunit v2 or v3: <c>[Theory, MemberData(nameof(Cases))]</c>).</summary>
    /// <exception cref="ConformanceException">The kit has no case to run.</exception>
    public static IEnumerable<object[]> Cases => CasesOf(typeof(SlicerReaderConformanceTests));

    /// <summary>Creates the reader under test.</summary>
    /// <returns>The reader.</returns>
    protected abstract ISlicerFileReader CreateReader();

    /// <summary>The real files the reader claims to read (at least one): each file's name and content.</summary>
    protected abstract IReadOnlyList<(string FileName, byte[] Content)> ClaimedFiles { get; }

    /// <summary>How long one read may take before it counts as a hang: 30 seconds (generous, for busy machines).</summary>
    protected virtual TimeSpan ReadLimit => TimeSpan.FromSeconds(30);

    /// <summary>Every claimed file gives estimates that are not negative and hang together.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Every_claimed_file_gives_non_negative_consistent_estimates()
    {
        Expect.NotEmpty(ClaimedFiles);
        foreach (var (name, content) in ClaimedFiles)
        {
            var result = await ReadAsync(new MemoryStream(content, writable: false), name);
            Expect.True(result.Success, $"{name}: {result.Outcome}: {result.Error}");
            Consistent(name, result.Job!);
        }
    }

    /// <summary>The same file gives the same estimates again, and from a stream that cannot seek.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task A_file_read_again_or_from_a_forward_only_stream_gives_the_same_estimates()
    {
        foreach (var (name, content) in ClaimedFiles)
        {
            var first = await ReadAsync(new MemoryStream(content, writable: false), name);
            var again = await ReadAsync(new MemoryStream(content, writable: false), name);
            var forward = await ReadAsync(new ForwardOnlyStream(content), name);
            Expect.Equal(Describe(first), Describe(again));
            Expect.Equal(Describe(first), Describe(forward));
        }
    }

    /// <summary>Files that are not a slicer's are declined with a reason.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task Foreign_files_are_declined_with_a_reason()
    {
        foreach (var (name, content) in ForeignFiles())
        {
            var result = await ReadAsync(new MemoryStream(content, writable: false), name);
            Expect.False(result.Success, $"{name} was read as a slicer file: {Describe(result)}");
            Expect.NotEqual(SlicerReadOutcome.Read, result.Outcome);
            Expect.False(string.IsNullOrWhiteSpace(result.Error), $"{name} was declined without a reason");
        }
    }

    /// <summary>A claimed file cut short anywhere gives a result (read or not), never an exception or a hang.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task A_claimed_file_cut_short_anywhere_gives_a_result_never_an_exception()
    {
        foreach (var (name, content) in ClaimedFiles)
        {
            foreach (var fraction in new[] { 0.0, 0.01, 0.1, 0.33, 0.5, 0.66, 0.9, 0.99 })
            {
                var cut = content[..(int)(content.Length * fraction)];
                var result = await ReadAsync(new MemoryStream(cut, writable: false), name);
                if (result.Success)
                {
                    Consistent($"{name} cut at {fraction:P0}", result.Job!);
                }
                else
                {
                    Expect.False(string.IsNullOrWhiteSpace(result.Error), $"{name} cut at {fraction:P0} was declined without a reason");
                }
            }
        }
    }

    /// <summary>A cancelled read throws <see cref="OperationCanceledException"/>.</summary>
    /// <returns>A task.</returns>
    [ConformanceCase]
    public async Task A_cancelled_read_throws_OperationCanceledException()
    {
        var (name, content) = ClaimedFiles[0];
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Expect.ThrowsAnyAsync<OperationCanceledException>(() => CreateReader().TryReadAsync(new MemoryStream(content, writable: false), name, null, cancelled.Token));
    }

    private async Task<SlicerReadResult> ReadAsync(Stream content, string name)
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        try
        {
            return await CreateReader().TryReadAsync(content, name, null, limit.Token).WaitAsync(ReadLimit + TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            throw new ConformanceException($"Reading {name} did not finish within {ReadLimit.TotalSeconds} s: the reader hangs.");
        }
    }

    private static void Consistent(string name, SlicedJob job)
    {
        Expect.False(string.IsNullOrWhiteSpace(job.Slicer), $"{name}: no slicer name");
        Expect.NotEmpty(job.Filaments);
        Expect.Equal(job.Filaments.Count, job.Filaments.Select(f => f.Slot).Distinct().Count());
        Expect.All(job.Filaments, f =>
        {
            Expect.True(f.Slot >= 1, $"{name}: filament number {f.Slot} is below 1");
            Expect.False(f.Grams?.IsNegative == true, $"{name}: filament {f.Slot} has negative grams");
            Expect.False(f.LengthMillimetres < 0 || f.VolumeCubicMillimetres < 0 || f.DiameterMillimetres < 0 || f.Density < 0, $"{name}: filament {f.Slot} has a negative length, volume, diameter or density");
        });
        var known = job.Filaments.Sum(f => f.Grams?.Grams ?? 0m);
        Expect.False(job.TowerGrams?.IsNegative == true, $"{name}: negative tower grams");
        Expect.True(job.TowerGrams is null || job.Filaments.Any(f => f.Grams is null) || job.TowerGrams.Value.Grams <= known + 0.01m, $"{name}: tower grams {job.TowerGrams} above the filaments' {known}");
        Expect.True(job.PrintTime is null || job.PrintTime >= TimeSpan.Zero, $"{name}: negative print time");
    }

    private static string Describe(SlicerReadResult result) =>
        $"{result.Outcome} {result.Job?.SlicerName} {result.Job?.Plate} {result.Job?.TowerGrams} {result.Job?.PrintTime} "
        + string.Join(" | ", result.Job?.Filaments.Select(f => f.ToString()) ?? []);

    private static IEnumerable<(string Name, byte[] Content)> ForeignFiles()
    {
        yield return ("empty.gcode", []);
        var random = new Random(20261204);
        var noise = new byte[100_000];
        random.NextBytes(noise);
        yield return ("noise.gcode", noise);
        yield return ("noise.3mf", noise);
        yield return ("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        yield return ("notes.txt", Encoding.UTF8.GetBytes("Shopping list\nPLA black, 2 spools\n; not G-code\n"));
        yield return ("settings.json", Encoding.UTF8.GetBytes("{\"filament used [g]\": 12.5, \"printer\": \"P1S\"}"));
        yield return ("hand-written.gcode", Encoding.UTF8.GetBytes("G28\nG1 X10 Y10 E5 F1200\n; filament used [g] = 12.5\nM84\n"));
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a slicer project");
        }

        yield return ("archive.3mf", zipped.ToArray());
    }

    /// <summary>A stream over bytes that cannot seek, as an upload being received is.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
