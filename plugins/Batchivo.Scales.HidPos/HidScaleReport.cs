using System.Globalization;
using Batchivo.Devices;

namespace Batchivo.Scales.HidPos;

/// <summary>The scale status of a HID POS weight report (HID usage page 0x8D, "Scale Status").</summary>
public enum HidScaleStatus : byte
{
    /// <summary>The scale reports a fault.</summary>
    Fault = 1,

    /// <summary>Stable at the centre of zero.</summary>
    Zero = 2,

    /// <summary>The weight is changing.</summary>
    InMotion = 3,

    /// <summary>The weight is stable.</summary>
    Stable = 4,

    /// <summary>The load is below zero.</summary>
    UnderZero = 5,

    /// <summary>The load is over the scale's limit.</summary>
    OverWeight = 6,

    /// <summary>The scale must be calibrated.</summary>
    RequiresCalibration = 7,

    /// <summary>The scale must be re-zeroed.</summary>
    RequiresRezeroing = 8,
}

/// <summary>
/// One 6-byte HID POS scale input report: report id (3), status, unit, signed decimal exponent, then the weight as a
/// little-endian unsigned 16-bit number; the weight is <c>raw × 10^exponent</c> in the unit.
/// </summary>
/// <param name="Status">The scale status.</param>
/// <param name="UnitCode">The HID weight unit code: 1 mg, 2 g, 3 kg, 11 oz, 12 lb (others exist and are refused).</param>
/// <param name="Exponent">The power of ten of the weight, -8 to 8.</param>
/// <param name="Raw">The weight's digits.</param>
public readonly record struct HidScaleReport(HidScaleStatus Status, byte UnitCode, sbyte Exponent, ushort Raw)
{
    /// <summary>The report id of a weight report.</summary>
    public const byte ReportId = 3;

    /// <summary>The length of a weight report, report id included.</summary>
    public const int Length = 6;

    /// <summary>The exponents accepted; outside them a report is taken for garbage (real scales use -2 to 1).</summary>
    public const int MaxExponent = 8;

    /// <summary>The weight as the scale states it, in the report's unit: <c>raw × 10^exponent</c>, exactly.</summary>
    public decimal Value => Exponent < 0 ? new decimal(Raw, 0, 0, false, (byte)-Exponent) : Raw * Pow10(Exponent);

    /// <summary>Reads a report, without judging its status or unit.</summary>
    /// <param name="bytes">The report's bytes, report id first.</param>
    /// <param name="report">The report, when it is one.</param>
    /// <param name="problem">Why it is not, otherwise.</param>
    /// <returns>Whether the bytes are a weight report.</returns>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out HidScaleReport report, out string? problem)
    {
        report = default;
        if (bytes.Length != Length)
        {
            problem = $"a weight report has {Length} bytes, not {bytes.Length}";
            return false;
        }

        if (bytes[0] != ReportId)
        {
            problem = $"report id {bytes[0]} is not a weight report (id {ReportId})";
            return false;
        }

        if (bytes[1] is < 1 or > 8)
        {
            problem = $"status {bytes[1]} is not a scale status (1 to 8)";
            return false;
        }

        var exponent = unchecked((sbyte)bytes[3]);
        if (exponent is < -MaxExponent or > MaxExponent)
        {
            problem = $"exponent {exponent} is out of range (-{MaxExponent} to {MaxExponent})";
            return false;
        }

        report = new HidScaleReport((HidScaleStatus)bytes[1], bytes[2], exponent, (ushort)(bytes[4] | (bytes[5] << 8)));
        problem = null;
        return true;
    }

    /// <summary>Writes the report's 6 bytes.</summary>
    /// <param name="destination">At least 6 bytes.</param>
    public void WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length);
        destination[0] = ReportId;
        destination[1] = (byte)Status;
        destination[2] = UnitCode;
        destination[3] = unchecked((byte)Exponent);
        destination[4] = (byte)(Raw & 0xFF);
        destination[5] = (byte)(Raw >> 8);
    }

    /// <summary>The report's 6 bytes.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The reading this report gives, or the fault it reports.</summary>
    /// <param name="at">When it was received.</param>
    /// <param name="scale">The scale's name, for messages.</param>
    /// <returns>The reading: stable for <see cref="HidScaleStatus.Stable"/> and <see cref="HidScaleStatus.Zero"/>, unstable in motion.</returns>
    /// <exception cref="ScaleException">The status is a fault (overload, underload, fault, calibration or re-zeroing needed) or the unit is not g, kg, lb, oz or mg.</exception>
    public ScaleReading ToReading(DateTimeOffset at, string scale)
    {
        switch (Status)
        {
            case HidScaleStatus.OverWeight:
                throw new ScaleException(ScaleFault.Overload, $"Scale {scale} is overloaded. Take the load off; a spool must be within the scale's range.");
            case HidScaleStatus.UnderZero:
                throw new ScaleException(ScaleFault.Underload, $"Scale {scale} reads below zero. Empty the pan and zero the scale (its zero button).");
            case HidScaleStatus.Fault:
                throw new ScaleException(ScaleFault.DeviceError, $"Scale {scale} reports a fault. Switch it off and on again; if it stays, see its manual.");
            case HidScaleStatus.RequiresCalibration:
                throw new ScaleException(ScaleFault.DeviceError, $"Scale {scale} needs calibrating. Calibrate it as its manual says, then weigh again.");
            case HidScaleStatus.RequiresRezeroing:
                throw new ScaleException(ScaleFault.DeviceError, $"Scale {scale} needs re-zeroing. Empty the pan, press its zero button, then weigh again.");
        }

        var stable = Status is HidScaleStatus.Stable or HidScaleStatus.Zero;
        return UnitCode switch
        {
            1 => new ScaleReading(Value / 1000m, WeightUnit.Gram, stable, at),
            2 => new ScaleReading(Value, WeightUnit.Gram, stable, at),
            3 => new ScaleReading(Value, WeightUnit.Kilogram, stable, at),
            11 => new ScaleReading(Value, WeightUnit.Ounce, stable, at),
            12 => new ScaleReading(Value, WeightUnit.Pound, stable, at),
            _ => throw new ScaleException(ScaleFault.Garbage, $"Scale {scale} reports in HID weight unit {UnitCode.ToString(CultureInfo.InvariantCulture)}, which Batchivo does not read. Switch the scale to g, kg, lb or oz."),
        };
    }

    /// <summary>A report that states <paramref name="value"/> in <paramref name="unit"/> with the fewest decimals that hold it exactly (for emulators and tests).</summary>
    /// <param name="status">The status.</param>
    /// <param name="value">The value, zero or more.</param>
    /// <param name="unit">The unit.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value needs more than 16 bits of digits or more than 8 decimals.</exception>
    public static HidScaleReport For(HidScaleStatus status, decimal value, WeightUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var code = unit switch
        {
            WeightUnit.Gram => (byte)2,
            WeightUnit.Kilogram => (byte)3,
            WeightUnit.Ounce => (byte)11,
            WeightUnit.Pound => (byte)12,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a weight unit."),
        };
        for (var decimals = 0; decimals <= MaxExponent; decimals++)
        {
            var digits = value * Pow10(decimals);
            if (digits == decimal.Truncate(digits))
            {
                return digits <= ushort.MaxValue
                    ? new HidScaleReport(status, code, (sbyte)-decimals, (ushort)digits)
                    : throw new ArgumentOutOfRangeException(nameof(value), value, "A HID POS report holds at most 65535 digits.");
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"A HID POS report holds at most {MaxExponent} decimals.");
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
