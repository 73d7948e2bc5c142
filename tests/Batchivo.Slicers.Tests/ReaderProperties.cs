using System.Text;
using Batchivo.Devices;
using Batchivo.Slicers.GCode;
using Batchivo.Slicers.ThreeMf;
using FsCheck;
using FsCheck.Xunit;

namespace Batchivo.Slicers.Tests;

/// <summary>
/// Whatever bytes a reader is given (random, a real file cut anywhere or with bytes flipped, a huge line, another
/// encoding) it returns a result within its bound, never an exception.
/// </summary>
public sealed class ReaderProperties
{
    private static readonly ISlicerFileReader[] Readers = [new GCodeFileReader(), new ThreeMfFileReader()];
    private static readonly (string Name, byte[] Content)[] Real = [.. Fixtures.All(".gcode", ".bgcode", ".3mf")];

    [Property(MaxTest = 200)]
    public bool Random_bytes_give_a_result(byte[] bytes, bool asThreeMf) => Answers(bytes ?? [], asThreeMf ? "random.3mf" : "random.gcode");

    [Property(MaxTest = 200)]
    public bool A_real_file_cut_anywhere_or_with_a_byte_changed_gives_a_result(PositiveInt which, NonNegativeInt at, byte value, bool cut)
    {
        var (name, content) = Real[which.Get % Real.Length];
        var position = content.Length == 0 ? 0 : at.Get % content.Length;
        var changed = cut ? content[..position] : [.. content];
        if (!cut && changed.Length > 0)
        {
            changed[position] = value;
        }

        return Answers(changed, name);
    }

    [Property(MaxTest = 30)]
    public bool A_huge_line_or_another_encoding_gives_a_result(PositiveInt which, PositiveInt length, bool utf32)
    {
        var (name, content) = Real[which.Get % Real.Length];
        var text = Encoding.UTF8.GetString(content);
        var huge = Encoding.UTF8.GetBytes("; " + new string('x', 100_000 + (length.Get % 1_000_000)) + "\n" + text + new string(';', 300_000));
        return Answers(huge, name) && Answers((utf32 ? Encoding.UTF32 : Encoding.Latin1).GetBytes(text), name);
    }

    private static bool Answers(byte[] content, string name)
    {
        foreach (var reader in Readers)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = reader.TryReadAsync(new MemoryStream(content, writable: false), name, null, bound.Token).WaitAsync(TimeSpan.FromSeconds(35)).GetAwaiter().GetResult();
            if (result.Success ? result.Job is null : string.IsNullOrWhiteSpace(result.Error))
            {
                return false;
            }
        }

        return true;
    }
}
