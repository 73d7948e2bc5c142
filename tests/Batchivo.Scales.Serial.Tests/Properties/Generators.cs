using Batchivo.Devices;
using Batchivo.Scales.Serial.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Batchivo.Scales.Serial.Tests.Properties;

/// <summary>The protocols whose frames are generated.</summary>
public enum Protocol
{
    MtSics,
    And,
    Sartorius,
    Kern,
}

/// <summary>A frame the emulators can send, and what it must parse back to.</summary>
/// <param name="Protocol">Whose frame it is.</param>
/// <param name="Line">The bytes on the wire, as text (with CR LF).</param>
/// <param name="Value">The weight, when it is one.</param>
/// <param name="Unit">The unit the frame names, or null when it leaves it blank.</param>
/// <param name="Stable">Whether it says stable; null when it cannot say.</param>
/// <param name="Fault">The fault, when it reports one.</param>
public sealed record EmulatedFrame(Protocol Protocol, string Line, decimal Value, WeightUnit? Unit, bool? Stable, ScaleFault? Fault)
{
    public ScaleFrame Parse() => Parse(Protocol, Line);

    public static ScaleFrame Parse(Protocol protocol, string line) => protocol switch
    {
        Protocol.MtSics => MtSicsFrames.Parse(line),
        Protocol.And => AndFrames.Parse(line),
        Protocol.Sartorius => SartoriusSbiFrames.Parse(line),
        _ => KernFrames.Parse(line),
    };

    public override string ToString() => $"{Protocol} '{Line.Replace("\r\n", "\\r\\n", StringComparison.Ordinal)}'";
}

/// <summary>FsCheck generators of the emulators' frames and of noise, for <c>[Property(Arbitrary = new[] { typeof(Generators) })]</c>.</summary>
public static class Generators
{
    private static readonly (string Symbol, WeightUnit Unit)[] Units = [("g", WeightUnit.Gram), ("kg", WeightUnit.Kilogram), ("lb", WeightUnit.Pound), ("oz", WeightUnit.Ounce)];

    /// <summary>Every kind of frame the four emulators send: weights of any sign, size, resolution and unit, and their fault frames.</summary>
    public static Arbitrary<EmulatedFrame> Frames() => Arb.From(Gen.OneOf(MtSics(), And(), Sartorius(), Kern()));

    /// <summary>Lines of characters the protocols use, so that near-frames are common, with the odd control or high byte.</summary>
    public static Arbitrary<NearFrame> NearFrames() =>
        Arb.From(
            from chars in Gen.ArrayOf(Gen.Frequency(
                (20, Gen.Elements("SDTZIAELHQ+-.,0123456789 gklbozGKNTUP\"#%".ToCharArray())),
                (1, Gen.Choose(0, 255).Select(i => (char)i))))
            select new NearFrame(new string(chars)));

    /// <summary>A value of up to 7 digits with 0 to 4 decimals, of either sign.</summary>
    private static Gen<(decimal Value, int Decimals)> Values(int maxDigits = 7) =>
        from decimals in Gen.Choose(0, 4)
        from digits in Gen.Choose(1, maxDigits)
        from n in Gen.Choose(0, (int)Math.Pow(10, digits) - 1)
        from negative in Gen.Elements(false, true)
        select ((negative ? -n : n) / (decimal)Math.Pow(10, decimals), decimals);

    private static Gen<EmulatedFrame> MtSics() => Gen.OneOf(
        from v in Values()
        from u in Gen.Elements(Units)
        from echo in Gen.Elements("S", "T")
        from stable in Gen.Elements(false, true)
        let isStable = echo == "T" || stable
        select new EmulatedFrame(Protocol.MtSics, DeviceFrames.MtSicsWeight(echo, isStable, v.Value, v.Decimals, u.Symbol), v.Value, u.Unit, isStable, null),
        from echo in Gen.Elements("S", "T", "Z")
        from status in Gen.Elements(('I', ScaleFault.NotStable), ('+', ScaleFault.Overload), ('-', ScaleFault.Underload))
        select new EmulatedFrame(Protocol.MtSics, DeviceFrames.MtSicsStatus(echo, status.Item1), 0m, null, null, status.Item2),
        from error in Gen.Elements(("ES", ScaleFault.NotSupported), ("ET", ScaleFault.DeviceError), ("EL", ScaleFault.DeviceError))
        select new EmulatedFrame(Protocol.MtSics, error.Item1 + "\r\n", 0m, null, null, error.Item2));

    private static Gen<EmulatedFrame> And() => Gen.OneOf(
        from v in Values()
        from u in Gen.Elements(Units)
        from upper in Gen.Elements(false, true)
        from layout in Gen.Elements(AndLayout.Header, AndLayout.HeaderAndMode, AndLayout.ModeOnly)
        from stable in Gen.Elements(false, true)
        from net in Gen.Elements(false, true)
        select new EmulatedFrame(
            Protocol.And,
            DeviceFrames.And(layout, stable, net, v.Value, v.Decimals, upper ? u.Symbol.ToUpperInvariant() : u.Symbol),
            v.Value,
            u.Unit,
            layout == AndLayout.ModeOnly ? null : stable,
            null),
        from under in Gen.Elements(false, true)
        from u in Gen.Elements(Units)
        select new EmulatedFrame(Protocol.And, DeviceFrames.AndOverload(under, u.Symbol), 0m, null, null, under ? ScaleFault.Underload : ScaleFault.Overload));

    private static Gen<EmulatedFrame> Sartorius() => Gen.OneOf(
        from v in Values()
        from u in Gen.Elements(Units)
        from stable in Gen.Elements(false, true)
        from id in Gen.Elements<string?>(null, "N", "G", "T", "G#")
        select new EmulatedFrame(Protocol.Sartorius, DeviceFrames.Sartorius(stable, v.Value, v.Decimals, u.Symbol, id), v.Value, stable ? u.Unit : null, stable, null),
        from special in Gen.Elements(("H", ScaleFault.Overload), ("L", ScaleFault.Underload), ("Err 101", ScaleFault.DeviceError), ("Err 54", ScaleFault.DeviceError))
        from id in Gen.Elements<string?>(null, "Stat")
        select new EmulatedFrame(Protocol.Sartorius, DeviceFrames.SartoriusSpecial(special.Item1, id), 0m, null, null, special.Item2));

    private static Gen<EmulatedFrame> Kern() => Gen.OneOf(
        from v in Values(maxDigits: 7)
        from u in Gen.Elements(Units)
        from stable in Gen.Elements(false, true)
        from memory in Gen.Elements(false, true)
        select new EmulatedFrame(Protocol.Kern, DeviceFrames.Kern(stable, v.Value, v.Decimals, u.Symbol, memory), v.Value, stable ? u.Unit : null, stable, null),
        Gen.Constant(new EmulatedFrame(Protocol.Kern, DeviceFrames.KernError(), 0m, null, null, ScaleFault.DeviceError)));
}

/// <summary>A line made mostly of the protocols' own characters.</summary>
/// <param name="Text">The line.</param>
public sealed record NearFrame(string Text);
