using Batchivo.Devices;

namespace Batchivo.Scales.Serial.Tests.Frames;

/// <summary>The parsers on the examples of the manuals, their error replies and their near misses.</summary>
public sealed class ParserTests
{
    [Theory]
    [InlineData("S S     100.00 g", "S", 100.00, WeightUnit.Gram, true)]
    [InlineData("S D     -12.5 kg\r\n", "S", -12.5, WeightUnit.Kilogram, false)]
    [InlineData("S S -   0.0040 lb", "S", -0.004, WeightUnit.Pound, true)]
    [InlineData("T S     100.00 oz", "T", 100.00, WeightUnit.Ounce, true)]
    [InlineData("TI D      1.5g", "TI", 1.5, WeightUnit.Gram, false)]
    public void MtSics_weights(string line, string command, double value, WeightUnit unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(MtSicsFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
        Assert.Equal(command, frame.Command);
    }

    [Theory]
    [InlineData("S I", "S", ScaleFault.NotStable)]
    [InlineData("S +", "S", ScaleFault.Overload)]
    [InlineData("S -", "S", ScaleFault.Underload)]
    [InlineData("T I", "T", ScaleFault.NotStable)]
    [InlineData("T +", "T", ScaleFault.Overload)]
    [InlineData("T -", "T", ScaleFault.Underload)]
    [InlineData("Z I", "Z", ScaleFault.NotStable)]
    [InlineData("Z +", "Z", ScaleFault.Overload)]
    [InlineData("Z -", "Z", ScaleFault.Underload)]
    [InlineData("I4 I", "I4", ScaleFault.DeviceError)]
    [InlineData("ES", null, ScaleFault.NotSupported)]
    [InlineData("ET", null, ScaleFault.DeviceError)]
    [InlineData("EL", null, ScaleFault.DeviceError)]
    [InlineData("S S     100.00 ct", "S", ScaleFault.NotSupported)]
    public void MtSics_faults(string line, string? command, ScaleFault fault)
    {
        var frame = Assert.IsType<FaultFrame>(MtSicsFrames.Parse(line));
        Assert.Equal(fault, frame.Fault);
        Assert.Equal(command, frame.Command);
    }

    [Theory]
    [InlineData("Z A", "Z", "")]
    [InlineData("I4 A \"B021002593\"", "I4", "B021002593")]
    [InlineData("I2 A \"XS204 Excellence 220.0090 g\"", "I2", "XS204 Excellence 220.0090 g")]
    [InlineData("ZI S", "ZI", "S")]
    public void MtSics_acknowledgements(string line, string command, string data)
    {
        var frame = Assert.IsType<AckFrame>(MtSicsFrames.Parse(line));
        Assert.Equal(command, frame.Command);
        Assert.Equal(data, frame.Data);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s S 100.00 g")]
    [InlineData("S")]
    [InlineData("S X 100 g")]
    [InlineData("S S 1.0.0 g")]
    [InlineData("S S abc g")]
    [InlineData("S S 100.00")]
    [InlineData("S S     10\u00e90.00 g")]
    public void MtSics_near_misses_are_invalid(string line) => Assert.IsType<InvalidFrame>(MtSicsFrames.Parse(line));

    [Theory]
    [InlineData("ST,+00123.45  g", 123.45, WeightUnit.Gram, true)]
    [InlineData("US,-00001.20 kg", -1.2, WeightUnit.Kilogram, false)]
    [InlineData("QT,+00000012  G", 12, WeightUnit.Gram, true)]
    [InlineData("ST,GS,+  1.234kg", 1.234, WeightUnit.Kilogram, true)]
    [InlineData("US,NT,-  0.500lb", -0.5, WeightUnit.Pound, false)]
    [InlineData("GS,+  1.234kg", 1.234, WeightUnit.Kilogram, null)]
    [InlineData("NT,+0012.50 OZ", 12.5, WeightUnit.Ounce, null)]
    public void And_weights(string line, double value, WeightUnit unit, bool? stable)
    {
        var frame = Assert.IsType<WeightFrame>(AndFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("OL,+999999.9  g", ScaleFault.Overload)]
    [InlineData("OL,GS,+999999.9 kg", ScaleFault.Overload)]
    [InlineData("OL,-999999.9  g", ScaleFault.Underload)]
    [InlineData("QT,+00000012 PC", ScaleFault.NotSupported)]
    [InlineData("ST,+00012.00  %", ScaleFault.NotSupported)]
    public void And_faults(string line, ScaleFault fault) => Assert.Equal(fault, Assert.IsType<FaultFrame>(AndFrames.Parse(line)).Fault);

    [Theory]
    [InlineData("+00123.45  g")]
    [InlineData("XX,+00123.45  g")]
    [InlineData("ST,XX,+00123.45  g")]
    [InlineData("ST,+00123.45")]
    [InlineData("ST,+001.23.45  g")]
    [InlineData("ST,,,,")]
    public void And_near_misses_are_invalid(string line) => Assert.IsType<InvalidFrame>(AndFrames.Parse(line));

    [Theory]
    [InlineData("+   123.45 g  ", 123.45, WeightUnit.Gram, true)]
    [InlineData("-     1.5 kg \r\n", -1.5, WeightUnit.Kilogram, true)]
    [InlineData("+   123.45    ", 123.45, null, false)]
    [InlineData("N     +   123.45 lb ", 123.45, WeightUnit.Pound, true)]
    [InlineData("G#    -     0.25 oz ", -0.25, WeightUnit.Ounce, true)]
    public void Sartorius_weights(string line, double value, WeightUnit? unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(SartoriusSbiFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("         H    ", ScaleFault.Overload)]
    [InlineData("         L    ", ScaleFault.Underload)]
    [InlineData("Stat             H    ", ScaleFault.Overload)]
    [InlineData("   Err 101    ", ScaleFault.DeviceError)]
    [InlineData("Stat     Err 101    ", ScaleFault.DeviceError)]
    public void Sartorius_faults(string line, ScaleFault fault) => Assert.Equal(fault, Assert.IsType<FaultFrame>(SartoriusSbiFrames.Parse(line)).Fault);

    [Theory]
    [InlineData("       1234.5 g   ", 1234.5, WeightUnit.Gram, true)]
    [InlineData("-         0.1 kg  ", -0.1, WeightUnit.Kilogram, true)]
    [InlineData("          12.5     ", 12.5, null, false)]
    [InlineData("M-      12.5 g  ", -12.5, WeightUnit.Gram, true)]
    public void Kern_weights(string line, double value, WeightUnit? unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(KernFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("           Error")]
    [InlineData("Error")]
    public void Kern_errors(string line) => Assert.Equal(ScaleFault.DeviceError, Assert.IsType<FaultFrame>(KernFrames.Parse(line)).Fault);

    [Theory]
    [InlineData("   ----   ")]
    [InlineData("  12.3.4 g ")]
    [InlineData("  abc ")]
    public void Kern_and_Sartorius_near_misses_are_invalid(string line)
    {
        Assert.IsType<InvalidFrame>(KernFrames.Parse(line));
        Assert.IsType<InvalidFrame>(SartoriusSbiFrames.Parse(line));
    }
}
