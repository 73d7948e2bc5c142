using Batchivo.Devices;
using Batchivo.Scales.HidPos;

namespace Batchivo.Scales.HidPos.Tests;

/// <summary>Decoding the 6-byte HID POS weight report: report id 3, status, unit, exponent, little-endian weight.</summary>
public sealed class HidScaleReportTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // A Dymo M10 in grams, stable: 0x00F0 = 240 g.
    [InlineData(new byte[] { 3, 4, 2, 0, 0xF0, 0x00 }, "240", WeightUnit.Gram, true)]
    // In ounces the Dymo sends tenths: exponent -1 (0xFF), 0x012C = 300 -> 30.0 oz.
    [InlineData(new byte[] { 3, 4, 11, 0xFF, 0x2C, 0x01 }, "30.0", WeightUnit.Ounce, true)]
    // At zero: stable, 0.
    [InlineData(new byte[] { 3, 2, 11, 0xFF, 0x00, 0x00 }, "0.0", WeightUnit.Ounce, true)]
    // In motion: unstable.
    [InlineData(new byte[] { 3, 3, 2, 0, 0x39, 0x30 }, "12345", WeightUnit.Gram, false)]
    // Kilograms with two decimals: 0x04E2 = 1250 -> 12.50 kg.
    [InlineData(new byte[] { 3, 4, 3, 0xFE, 0xE2, 0x04 }, "12.50", WeightUnit.Kilogram, true)]
    // Pounds, exponent +1: 0x0007 -> 70 lb.
    [InlineData(new byte[] { 3, 4, 12, 1, 0x07, 0x00 }, "70", WeightUnit.Pound, true)]
    // Milligrams are read as grams: 0xFFFF = 65535 mg -> 65.535 g.
    [InlineData(new byte[] { 3, 4, 1, 0, 0xFF, 0xFF }, "65.535", WeightUnit.Gram, true)]
    public void Decodes_the_weight_unit_and_stability(byte[] bytes, string value, WeightUnit unit, bool stable)
    {
        Assert.True(HidScaleReport.TryParse(bytes, out var report, out var problem), problem);
        var reading = report.ToReading(At, "bench");
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), reading.Value);
        Assert.Equal(unit, reading.Unit);
        Assert.Equal(stable, reading.IsStable);
        Assert.Equal(At, reading.At);
    }

    [Theory]
    [InlineData(6, ScaleFault.Overload)]
    [InlineData(5, ScaleFault.Underload)]
    [InlineData(1, ScaleFault.DeviceError)]
    [InlineData(7, ScaleFault.DeviceError)]
    [InlineData(8, ScaleFault.DeviceError)]
    public void Fault_statuses_are_typed_scale_faults_naming_the_scale(byte status, ScaleFault fault)
    {
        Assert.True(HidScaleReport.TryParse([3, status, 2, 0, 0, 0], out var report, out _));
        var error = Assert.Throws<ScaleException>(() => report.ToReading(At, "bench"));
        Assert.Equal(fault, error.Fault);
        Assert.Contains("bench", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_and_rezeroing_say_what_to_do()
    {
        Assert.True(HidScaleReport.TryParse([3, 7, 2, 0, 0, 0], out var calibrate, out _));
        Assert.Contains("calibrat", Assert.Throws<ScaleException>(() => calibrate.ToReading(At, "bench")).Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(HidScaleReport.TryParse([3, 8, 2, 0, 0, 0], out var rezero, out _));
        Assert.Contains("zero", Assert.Throws<ScaleException>(() => rezero.ToReading(At, "bench")).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(4)]   // carats
    [InlineData(10)]  // troy ounces
    [InlineData(0)]
    [InlineData(200)]
    public void Units_batchivo_does_not_read_are_refused_by_name(byte unit)
    {
        Assert.True(HidScaleReport.TryParse([3, 4, unit, 0, 10, 0], out var report, out _));
        var error = Assert.Throws<ScaleException>(() => report.ToReading(At, "bench"));
        Assert.Equal(ScaleFault.Garbage, error.Fault);
        Assert.Contains($"unit {unit}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 3, 4, 2, 0, 0 }, "6 bytes")]
    [InlineData(new byte[] { 3, 4, 2, 0, 0, 0, 0 }, "6 bytes")]
    [InlineData(new byte[] { 4, 4, 2, 0, 0, 0 }, "report id 4")]
    [InlineData(new byte[] { 3, 0, 2, 0, 0, 0 }, "status 0")]
    [InlineData(new byte[] { 3, 9, 2, 0, 0, 0 }, "status 9")]
    [InlineData(new byte[] { 3, 4, 2, 9, 0, 0 }, "exponent 9")]
    [InlineData(new byte[] { 3, 4, 2, 0x80, 0, 0 }, "exponent -128")]
    public void Bytes_that_are_not_a_weight_report_are_refused_with_the_reason(byte[] bytes, string reason)
    {
        Assert.False(HidScaleReport.TryParse(bytes, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_framer_reassembles_split_reports_and_skips_garbage()
    {
        var framer = new HidReportFramer();
        var a = new HidScaleReport(HidScaleStatus.Stable, 2, -1, 8505);
        var b = new HidScaleReport(HidScaleStatus.InMotion, 11, -1, 125);
        var stream = new byte[] { 0xFF, 0x00, 3, 0 }.Concat(a.ToBytes()).Concat(b.ToBytes()).ToArray();

        var first = framer.Add(stream.AsSpan(0, 7));
        var rest = framer.Add(stream.AsSpan(7));

        Assert.Empty(first);
        Assert.Equal([a, b], rest);
        Assert.Equal(4, framer.SkippedBytes);
    }

    [Fact]
    public void For_picks_the_fewest_decimals_and_refuses_what_16_bits_cannot_hold()
    {
        Assert.Equal(new HidScaleReport(HidScaleStatus.Stable, 2, -1, 8505), HidScaleReport.For(HidScaleStatus.Stable, 850.5m, WeightUnit.Gram));
        Assert.Equal(new HidScaleReport(HidScaleStatus.Stable, 12, 0, 3), HidScaleReport.For(HidScaleStatus.Stable, 3m, WeightUnit.Pound));
        Assert.Throws<ArgumentOutOfRangeException>(() => HidScaleReport.For(HidScaleStatus.Stable, 1012.25m, WeightUnit.Gram));
    }
}
