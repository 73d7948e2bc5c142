using Batchivo.Devices;

namespace Batchivo.Scales.Serial.Tests.Frames;

/// <summary>
/// The parsers on frames written down by other people: the test data of independent implementations (named beside each
/// table, repository and path; frames only, no code taken) and the manufacturers' manual facts collected in the
/// design notes (devices-and-formats). Where two sources disagree, both forms are accepted and both are tested.
/// </summary>
public sealed class IndependentFramesTests
{
    // Sartorius SBI. Source: GraysonBellamy/sartoriuslib, tests/unit/protocol/sbi/test_parser.py and
    // tests/unit/protocol/sbi/test_framing.py (weight lines, H/L and "Stat" lines, error spellings, identity replies).
    [Theory]
    [InlineData("+     0.00 g  \r\n", 0.00, WeightUnit.Gram, true)]
    [InlineData("-   12.345 mg \r\n", -0.012345, WeightUnit.Gram, true)]
    [InlineData("?+     1.0 g\r\n", 1.0, WeightUnit.Gram, false)]
    [InlineData("     123 g  \r\n", 123, WeightUnit.Gram, true)]
    [InlineData("N     +    0.031    \r\n", 0.031, null, false)]
    [InlineData("N     +    0.006 g  \r\n", 0.006, WeightUnit.Gram, true)]
    [InlineData("       0.123    \r\n", 0.123, null, false)]
    public void Sartoriuslib_weight_lines(string line, double value, WeightUnit? unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(SartoriusSbiFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("H\r\n", ScaleFault.Overload)]
    [InlineData("Stat High\r\n", ScaleFault.Overload)]
    [InlineData("L\r\n", ScaleFault.Underload)]
    [InlineData("Stat Low\r\n", ScaleFault.Underload)]
    [InlineData("ERR\r\n", ScaleFault.DeviceError)]
    [InlineData("Err 101\r\n", ScaleFault.DeviceError)]
    [InlineData("APP. ERR\r\n", ScaleFault.DeviceError)]
    [InlineData("Stat ERR 101\r\n", ScaleFault.DeviceError)]
    [InlineData("Stat PRT. ERR\r\n", ScaleFault.DeviceError)]
    [InlineData("Stat Cal. Ext.\r\n", ScaleFault.DeviceError)]
    [InlineData("Stat     Cal.Int.\r\n", ScaleFault.DeviceError)]
    [InlineData("Qnt +    253 pcs  \r\n", ScaleFault.NotSupported)]
    public void Sartoriuslib_status_and_error_lines_are_typed_faults_not_weights(string line, ScaleFault fault) =>
        Assert.Equal(fault, Assert.IsType<FaultFrame>(SartoriusSbiFrames.Parse(line)).Fault);

    [Theory]
    [InlineData("WZA8202-N\r\n", "WZA8202-N")]
    [InlineData("BCE3202-1S\r\n", "BCE3202-1S")]
    [InlineData("MSE1203S-100-DR     \r\n", "MSE1203S-100-DR")]
    [InlineData("0.090\r\n", "0.090")]
    [InlineData("   079\r\n", "079")]
    [InlineData("SerNo.    0031801165\r\n", "SerNo.    0031801165")]
    [InlineData("BAC:        00-39-21\r\n", "BAC:        00-39-21")]
    public void Sartoriuslib_identity_replies_are_not_weights(string line, string data) =>
        Assert.Equal(data, Assert.IsType<InfoFrame>(SartoriusSbiFrames.Parse(line)).Data);

    [Fact]
    public void Sartoriuslib_unparseable_line_is_invalid() =>
        Assert.IsType<InvalidFrame>(SartoriusSbiFrames.Parse("not a weight\r\n"));

    // Sartorius SBI, manual facts (devices-and-formats): 16-character frame, 22 with a 6-character id, blank unit while
    // unstable, H overload, L underload, "Err 101".
    [Theory]
    [InlineData("+  1234.56 g  ", 1234.56, WeightUnit.Gram, true)]
    [InlineData("-     0.25 kg ", -0.25, WeightUnit.Kilogram, true)]
    [InlineData("+    12.50    ", 12.50, null, false)]
    [InlineData("N     +    12.50 lb ", 12.50, WeightUnit.Pound, true)]
    public void Sartorius_manual_frames(string line, double value, WeightUnit? unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(SartoriusSbiFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    // MT-SICS. Source: instrumentkit/InstrumentKit, tests/test_mettler_toledo/test_mt_sics.py. It answers S and T with
    // status A ("S A 1.234 g", "T A 2.486 g"), where the manual says S S and T S: both are weights. Its I4 serial
    // number comes unquoted, the manual's quoted: both are acknowledgements.
    [Theory]
    [InlineData("S A 1.234 g", "S", 1.234, WeightUnit.Gram, true)]
    [InlineData("S D 1.234 g", "S", 1.234, WeightUnit.Gram, false)]
    [InlineData("T A 2.486 g", "T", 2.486, WeightUnit.Gram, true)]
    [InlineData("TI A 1.234 g", "TI", 1.234, WeightUnit.Gram, null)]
    [InlineData("TA A 2.486 g", "TA", 2.486, WeightUnit.Gram, true)]
    [InlineData("S S     100.00 g", "S", 100.00, WeightUnit.Gram, true)]
    [InlineData("S S     100.00 mg", "S", 0.1, WeightUnit.Gram, true)]
    public void InstrumentKit_and_manual_MtSics_weights(string line, string command, double value, WeightUnit unit, bool? stable)
    {
        var frame = Assert.IsType<WeightFrame>(MtSicsFrames.Parse(line));
        Assert.Equal(command, frame.Command);
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("TAC A", "TAC", "")]
    [InlineData("@ A \"123456789\"", "@", "123456789")]
    [InlineData("Z A", "Z", "")]
    [InlineData("ZI A", "ZI", "")]
    [InlineData("I4 A 0123456789", "I4", "0123456789")]
    [InlineData("I1 A 01 2.00 2.00 2.00 1.0", "I1", "01 2.00 2.00 2.00 1.0")]
    [InlineData("I10 A \"My Balance\"", "I10", "My Balance")]
    public void InstrumentKit_MtSics_acknowledgements(string line, string command, string data)
    {
        var frame = Assert.IsType<AckFrame>(MtSicsFrames.Parse(line));
        Assert.Equal(command, frame.Command);
        Assert.Equal(data, frame.Data);
    }

    [Theory]
    [InlineData("S I", ScaleFault.NotStable)]
    [InlineData("S L", ScaleFault.DeviceError)]
    [InlineData("S +", ScaleFault.Overload)]
    [InlineData("S -", ScaleFault.Underload)]
    [InlineData("ES", ScaleFault.NotSupported)]
    [InlineData("ET", ScaleFault.DeviceError)]
    [InlineData("EL", ScaleFault.DeviceError)]
    public void InstrumentKit_MtSics_errors(string line, ScaleFault fault) =>
        Assert.Equal(fault, Assert.IsType<FaultFrame>(MtSicsFrames.Parse(line)).Fault);

    // A&D-style indicators. Source: kirakosyanara/gropos,
    // shared/src/commonTest/kotlin/com/unisight/gropos/core/hardware/scale/CasProtocolParserTest.kt (CAS PD-II frames:
    // STX, "ST,GS,+  0.00 lb", CR; OL with dashes, the sign telling overload from underload). Header WT (stable) from
    // oscarbranson/AnD_balance, AnD_balance/balance.py (its table of A&D FX-i condition codes).
    [Theory]
    [InlineData("\u0002ST,GS,+  0.00 lb\r", 0.00, WeightUnit.Pound, true)]
    [InlineData("\u0002ST,GS,+  1.25 lb\r", 1.25, WeightUnit.Pound, true)]
    [InlineData("\u0002ST,GS,+999.99 lb\r", 999.99, WeightUnit.Pound, true)]
    [InlineData("\u0002US,GS,+  5.12 lb\r", 5.12, WeightUnit.Pound, false)]
    [InlineData("\u0002ST,GS,-  0.50 lb\r", -0.50, WeightUnit.Pound, true)]
    [InlineData("\u0002ST,GS,+  2.50 kg\r", 2.50, WeightUnit.Kilogram, true)]
    [InlineData("\u0002ST,GS,+  8.00 oz\r", 8.00, WeightUnit.Ounce, true)]
    [InlineData("ST,+00123.45  g", 123.45, WeightUnit.Gram, true)]
    [InlineData("WT,+00123.45  g", 123.45, WeightUnit.Gram, true)]
    [InlineData("ST,+0012.345 mg", 0.012345, WeightUnit.Gram, true)]
    public void Cas_and_And_weights(string line, double value, WeightUnit unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(AndFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("\u0002OL,GS,+------ lb\r", ScaleFault.Overload)]
    [InlineData("\u0002OL,GS,------- lb\r", ScaleFault.Underload)]
    public void Cas_overload_and_underload(string line, ScaleFault fault) =>
        Assert.Equal(fault, Assert.IsType<FaultFrame>(AndFrames.Parse(line)).Fault);

    [Theory]
    [InlineData("\u0002ST,GS, ERROR lb\r")]
    [InlineData("SHORT")]
    public void Cas_invalid_frames(string line) => Assert.IsType<InvalidFrame>(AndFrames.Parse(line));

    // Kern. Sources: ellery-it/odoo-serial-scale-drivers, 25.07/SSD-KernDE.py (the Kern DE frame "M-       0.000 kg",
    // M and the sign before the value); SweepMe/instrument-drivers, src/Logger-Kern_Balance/main.py (t/w/s protocol:
    // stable when the unit shows, "=Overload=" on an overload). Manual facts: 18 characters, blank unit while
    // unstable, "Error" on a fault.
    [Theory]
    [InlineData("M-       0.000 kg\r\n", 0.000, WeightUnit.Kilogram, true)]
    [InlineData("M        1.250 kg \r\n", 1.250, WeightUnit.Kilogram, true)]
    [InlineData("  -      12.5 g  \r\n", -12.5, WeightUnit.Gram, true)]
    [InlineData("         12.5     \r\n", 12.5, null, false)]
    [InlineData("       125.0 mg  \r\n", 0.125, WeightUnit.Gram, true)]
    public void Kern_frames(string line, double value, WeightUnit? unit, bool stable)
    {
        var frame = Assert.IsType<WeightFrame>(KernFrames.Parse(line));
        Assert.Equal((decimal)value, frame.Value);
        Assert.Equal(unit, frame.Unit);
        Assert.Equal(stable, frame.IsStable);
    }

    [Theory]
    [InlineData("    =Overload=    \r\n", ScaleFault.Overload)]
    [InlineData("           Error\r\n", ScaleFault.DeviceError)]
    public void Kern_faults(string line, ScaleFault fault) =>
        Assert.Equal(fault, Assert.IsType<FaultFrame>(KernFrames.Parse(line)).Fault);
}
