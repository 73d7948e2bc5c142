using Batchivo.Samples.Console.Tests.Support;

namespace Batchivo.Samples.Console.Tests;

/// <summary>`demo`: the production-runs example end to end through the plugin host, the store and the simulated scale.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void The_demo_prints_the_example_figures()
    {
        var result = _host.Run("demo").Ok();

        Assert.Contains("Production Run #1 - Completed", result.Out, StringComparison.Ordinal);
        Assert.Contains("Phone Stand: 3/3 successful", result.Out, StringComparison.Ordinal);
        Assert.Contains("Cable Clip: 9/10 successful (1 failed)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Estimated: 185g", result.Out, StringComparison.Ordinal);
        Assert.Contains("Actual: 192g (+7g / +3.8%)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Quality: ★★★★☆ (4/5)", result.Out, StringComparison.Ordinal);
        Assert.Contains("PLA-001 on scale bench: 850.0 g (stable)", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void The_demo_leaves_the_users_database_alone_and_can_run_again()
    {
        _host.Run("catalog", "printer", "add", "MK4-1", "--model", "Prusa MK4").Ok();
        var before = _host.Run("catalog", "printer", "list", "--json").Ok().Out;

        _host.Run("demo").Ok();
        _host.Run("demo").Ok();

        Assert.Equal(before, _host.Run("catalog", "printer", "list", "--json").Ok().Out);
        Assert.Empty(Directory.GetFiles(_host.TempFolder, "batchivo-demo-*"));
    }

    [Fact]
    public void With_db_the_demo_keeps_its_data()
    {
        var kept = Path.Combine(_host.DataFolder, "demo.db");
        _host.Run("demo", "--db", kept).Ok();
        var report = _host.Run("report", "1", "--db", kept, "--json").Ok().Json;
        Assert.Equal(185m, report.GetProperty("estimatedGrams").GetDecimal());
        Assert.Equal(192m, report.GetProperty("actualGrams").GetDecimal());
    }

    public void Dispose() => _host.Dispose();
}
