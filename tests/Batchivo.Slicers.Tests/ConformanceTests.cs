using Batchivo.Devices;
using Batchivo.Slicers.GCode;
using Batchivo.Slicers.ThreeMf;
using Batchivo.Testing.Slicers;

namespace Batchivo.Slicers.Tests;

/// <summary>The reader kit of Batchivo.Testing on the G-code reader, with every real G-code fixture.</summary>
public sealed class GCodeConformanceTests : SlicerReaderConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override ISlicerFileReader CreateReader() => new GCodeFileReader();

    protected override IReadOnlyList<(string FileName, byte[] Content)> ClaimedFiles { get; } =
        [.. Fixtures.All(".gcode", ".bgcode").Where(f => !f.FileName.StartsWith("kisslicer", StringComparison.Ordinal))];
}

/// <summary>The reader kit of Batchivo.Testing on the 3MF reader, with every sliced 3MF fixture.</summary>
public sealed class ThreeMfConformanceTests : SlicerReaderConformanceTests
{
    /// <summary>Runs each case of the kit as one test.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public override Task Conformance(string name) => RunAsync(name);

    protected override ISlicerFileReader CreateReader() => new ThreeMfFileReader();

    protected override IReadOnlyList<(string FileName, byte[] Content)> ClaimedFiles { get; } =
        [.. Fixtures.All(".gcode.3mf")];
}
