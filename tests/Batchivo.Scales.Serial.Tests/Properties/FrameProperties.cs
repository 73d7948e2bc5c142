using System.Text;
using Batchivo.Devices;
using FsCheck.Xunit;

namespace Batchivo.Scales.Serial.Tests.Properties;

/// <summary>Round trips of the emulators' frames through the parsers, and noise that never breaks them.</summary>
public sealed class FrameProperties
{
    private static readonly Protocol[] All = [Protocol.MtSics, Protocol.And, Protocol.Sartorius, Protocol.Kern];

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(Generators) })]
    public void Every_frame_the_emulators_send_parses_back_to_its_value_unit_and_stability(EmulatedFrame frame)
    {
        var parsed = frame.Parse();
        if (frame.Fault is { } fault)
        {
            Assert.Equal(fault, Assert.IsType<FaultFrame>(parsed).Fault);
            return;
        }

        var weight = Assert.IsType<WeightFrame>(parsed);
        Assert.Equal(frame.Value, weight.Value);
        Assert.Equal(frame.Unit, weight.Unit);
        Assert.Equal(frame.Stable, weight.IsStable);
        Assert.Equal(frame.Line.TrimEnd('\r', '\n'), weight.Text);
    }

    [Property(MaxTest = 2000)]
    public void Random_bytes_never_break_a_parser(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        foreach (var protocol in All)
        {
            Check(protocol, text);
            foreach (var line in text.Split('\n'))
            {
                Check(protocol, line);
            }
        }
    }

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(Generators) })]
    public void Near_frames_are_a_frame_or_typed_invalid_never_an_exception(NearFrame near)
    {
        foreach (var protocol in All)
        {
            Check(protocol, near.Text);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void A_frame_cut_short_or_with_a_byte_changed_never_breaks_a_parser(EmulatedFrame frame, byte cut, byte position, char replacement)
    {
        var line = frame.Line.TrimEnd('\r', '\n');
        var truncated = line[..(cut % (line.Length + 1))];
        var changed = line.Length == 0 ? line : string.Concat(line.AsSpan(0, position % line.Length), replacement.ToString(), line.AsSpan((position % line.Length) + 1));
        Check(frame.Protocol, truncated);
        Check(frame.Protocol, changed);
    }

    private static void Check(Protocol protocol, string line)
    {
        var frame = EmulatedFrame.Parse(protocol, line);
        Assert.NotNull(frame);
        Assert.Equal(line.TrimEnd('\r', '\n'), frame.Text);
        switch (frame)
        {
            case WeightFrame w:
                Assert.True(w.Unit is null || Enum.IsDefined(w.Unit.Value));
                Assert.True(FrameIsPrintable(line));
                break;
            case FaultFrame f:
                Assert.True(Enum.IsDefined(f.Fault));
                Assert.False(string.IsNullOrWhiteSpace(f.Reason));
                break;
            case InvalidFrame i:
                Assert.False(string.IsNullOrWhiteSpace(i.Reason));
                break;
            case AckFrame a:
                Assert.False(string.IsNullOrEmpty(a.Command));
                break;
            case InfoFrame info:
                Assert.False(string.IsNullOrWhiteSpace(info.Data));
                break;
            default:
                Assert.Fail($"Unknown frame {frame.GetType()}");
                break;
        }
    }

    private static bool FrameIsPrintable(string line) => line.TrimEnd('\r', '\n').Trim('\u0002', '\u0003').All(c => c is >= ' ' and <= '~');
}
