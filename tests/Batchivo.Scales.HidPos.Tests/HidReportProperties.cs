using Batchivo.Devices;
using Batchivo.Scales.HidPos;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Batchivo.Scales.HidPos.Tests;

/// <summary>Properties of the HID POS report codec and framer.</summary>
public sealed class HidReportProperties
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(Generators) })]
    public void Every_weight_report_encodes_and_decodes_to_its_value_and_unit(WeightReport generated)
    {
        var report = generated.Report;
        var bytes = report.ToBytes();

        Assert.Equal(HidScaleReport.Length, bytes.Length);
        Assert.True(HidScaleReport.TryParse(bytes, out var decoded, out var problem), problem);
        Assert.Equal(report, decoded);

        var reading = decoded.ToReading(At, "bench");
        // Independent of the decoder: the digits scaled by the power of ten, in the unit the code names.
        var expected = report.Raw * (decimal)Math.Pow(10, report.Exponent);
        var (unit, perUnit) = report.UnitCode switch
        {
            1 => (WeightUnit.Gram, 0.001m),
            2 => (WeightUnit.Gram, 1m),
            3 => (WeightUnit.Kilogram, 1m),
            11 => (WeightUnit.Ounce, 1m),
            _ => (WeightUnit.Pound, 1m),
        };
        Assert.Equal(unit, reading.Unit);
        Assert.Equal(decimal.Round(expected * perUnit, 12), decimal.Round(reading.Value, 12));
        Assert.Equal(report.Status is HidScaleStatus.Stable or HidScaleStatus.Zero, reading.IsStable);
    }

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(Generators) })]
    public void The_value_is_exact_raw_times_a_power_of_ten(WeightReport generated)
    {
        var report = generated.Report;
        // Multiplying back by 10^-exponent must give the raw digits exactly, with nothing left over.
        var value = report.Value;
        var back = value;
        for (var i = 0; i < Math.Abs((int)report.Exponent); i++)
        {
            back = report.Exponent < 0 ? back * 10m : back / 10m;
        }

        Assert.Equal((decimal)report.Raw, back);
    }

    [Property(MaxTest = 3000)]
    public void Random_bytes_never_crash_the_decoder(byte[] bytes)
    {
        bytes ??= [];
        if (HidScaleReport.TryParse(bytes, out var report, out var problem))
        {
            Assert.Null(problem);
            var error = Record.Exception(() => report.ToReading(At, "bench"));
            Assert.True(error is null or ScaleException, $"ToReading threw {error?.GetType().Name}");
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }

    [Property(MaxTest = 2000)]
    public void Random_bytes_never_crash_the_framer_and_every_framed_report_is_valid(byte[][] chunks)
    {
        var framer = new HidReportFramer();
        var total = 0L;
        var framed = 0L;
        foreach (var chunk in chunks ?? [])
        {
            var bytes = chunk ?? [];
            total += bytes.Length;
            foreach (var report in framer.Add(bytes))
            {
                framed++;
                Assert.True(HidScaleReport.TryParse(report.ToBytes(), out _, out var problem), problem);
                var error = Record.Exception(() => report.ToReading(At, "bench"));
                Assert.True(error is null or ScaleException, $"ToReading threw {error?.GetType().Name}");
            }
        }

        // Every byte is either in a report, skipped, or waiting for the rest of its report (at most 5).
        var pending = total - framed * HidScaleReport.Length - framer.SkippedBytes;
        Assert.InRange(pending, 0, HidScaleReport.Length - 1);
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Generators) })]
    public void Reports_split_anywhere_come_out_whole_and_in_order(WeightReport[] reports, PositiveInt cut)
    {
        var stream = reports.SelectMany(r => r.Report.ToBytes()).ToArray();
        var framer = new HidReportFramer();
        var output = new List<HidScaleReport>();
        for (var i = 0; i < stream.Length; i += cut.Get)
        {
            output.AddRange(framer.Add(stream.AsSpan(i, Math.Min(cut.Get, stream.Length - i))));
        }

        Assert.Equal(reports.Select(r => r.Report), output);
        Assert.Equal(0, framer.SkippedBytes);
    }

    /// <summary>A valid weight report (status zero, in motion or stable; a unit Batchivo reads), wrapped so FsCheck uses our generator.</summary>
    public sealed record WeightReport(HidScaleReport Report);

    public static class Generators
    {
        public static Arbitrary<WeightReport> WeightReports() => Arb.From(
            from status in Gen.Elements(HidScaleStatus.Zero, HidScaleStatus.InMotion, HidScaleStatus.Stable)
            from unit in Gen.Elements<byte>(1, 2, 3, 11, 12)
            from exponent in Gen.Choose(-HidScaleReport.MaxExponent, HidScaleReport.MaxExponent)
            from raw in Gen.Choose(0, ushort.MaxValue)
            select new WeightReport(new HidScaleReport(status, unit, (sbyte)exponent, (ushort)raw)));
    }
}
