using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>Output to a pipe or a file: whole lines, never wrapped at the 80 columns Spectre.Console assumes without a terminal.</summary>
public sealed class OutputTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void Piped_output_keeps_long_lines_whole()
    {
        var demo = _host.Run("demo").Ok().Out;
        Assert.Contains(demo.Split('\n'), l => l.StartsWith("  printer P1S-1 (Bambu P1S), spools PLA-001", StringComparison.Ordinal) && l.TrimEnd().EndsWith("products STAND, CLIP, COASTER", StringComparison.Ordinal));

        var name = "Articulated Dragon with Extra Long Name for Wide Tables " + new string('x', 40);
        _host.Run("catalog", "product", "add", "DRAGON", "--name", name, "--bom", "PLA Black:120:10").Ok();
        var list = _host.Run("catalog", "product", "list").Ok().Out;
        Assert.Contains(list.Split('\n'), l => l.Contains(name, StringComparison.Ordinal) && l.Contains("PLA Black 120g", StringComparison.Ordinal));
        Assert.All(_host.Run("stats").Ok().Out.Split('\n'), l => Assert.True(l.Length < 200, $"A line of {l.Length} characters: a heading drawn across the whole width? {l[..Math.Min(l.Length, 80)]}"));
    }

    public void Dispose() => _host.Dispose();
}
