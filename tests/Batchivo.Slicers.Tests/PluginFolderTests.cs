using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Catalog;
using Batchivo.Plugins;
using Batchivo.Production;
using Batchivo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Slicers.Tests;

/// <summary>The two readers loaded from the real plugin folders this build lays out, as a host loads them (with the in-memory store's plugin folder).</summary>
public sealed class PluginFolderTests
{
    [Theory]
    [InlineData("prusaslicer-2.8.1-mini-cube.bgcode", "PrusaSlicer")]
    [InlineData("bambustudio-02.04-four-colours.gcode.3mf", "Bambu Studio")]
    [InlineData("cura-griffin.gcode", "Cura")]
    public async Task The_host_finds_the_reader_that_knows_the_file(string fixture, string slicer)
    {
        await using var provider = Host();
        var devices = provider.GetRequiredService<BatchivoDevices>();
        await using var file = File.OpenRead(Fixtures.PathOf(fixture));

        var result = await devices.ReadSlicerFileAsync(file, fixture);

        Assert.Equal(["3mf", "gcode"], devices.SlicerReaderNames);
        Assert.True(result.Success, result.Error);
        Assert.Equal(slicer, result.Job!.Slicer);
    }

    [Fact]
    public async Task A_file_no_reader_knows_names_every_reader_and_why()
    {
        await using var provider = Host();
        using var file = new MemoryStream("just text"u8.ToArray());

        var result = await provider.GetRequiredService<BatchivoDevices>().ReadSlicerFileAsync(file, "notes.txt");

        Assert.Equal(SlicerReadOutcome.NotRecognised, result.Outcome);
        Assert.Contains("3mf: notes.txt is not a 3MF", result.Error, StringComparison.Ordinal);
        Assert.Contains("gcode: notes.txt is not G-code", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_takes_a_real_OrcaSlicer_files_estimate_and_its_report_names_the_file_and_slicer()
    {
        await using var provider = Host();
        var service = provider.GetRequiredService<ProductionService>();
        var black = new MaterialSpec("PLA", "Black");
        await service.Catalog.AddPrinterAsync("AD5X", "Flashforge AD5X");
        await service.Catalog.AddSpoolAsync(new NewSpool("PLA-001", new Material(black, "Flashforge", "#000000"), Mass.FromGrams(1000), new Money(20m, "USD"), Tare: Mass.FromGrams(180)));
        await service.Catalog.AddProductAsync("BENCHY", "3DBenchy", [new BomLine(black, Mass.FromGrams(15))]);
        var run = await service.Runs.CreateRunAsync("AD5X");
        await service.Runs.AddProductToRunAsync(run.Number, "BENCHY", 1);
        await service.Runs.AssignSpoolAsync(run.Number, "PLA-001");
        await using var file = File.OpenRead(Fixtures.PathOf("orcaslicer-2.3.1-two-colours.gcode"));
        var job = (await provider.GetRequiredService<BatchivoDevices>().ReadSlicerFileAsync(file, "benchy.gcode")).Job!;

        var estimated = await service.Runs.ApplySlicedJobAsync(run.Number, job, "benchy.gcode");

        Assert.Equal(EstimateSource.Slicer, estimated.EstimateSource);
        Assert.Equal(Mass.FromGrams(11.37m), estimated.EstimatedTotal);
        Assert.Equal(new TimeSpan(0, 46, 43), estimated.EstimatedDuration);
        var report = Reporting.ReportRenderer.RenderResult(await service.Analytics.GetReportAsync(run.Number));
        Assert.Contains("Estimated: 11.4g (from slicer: benchy.gcode (OrcaSlicer 2.3.1-beta))", report, StringComparison.Ordinal);
    }

    private static ServiceProvider Host()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add(Path.Combine(AppContext.BaseDirectory, "plugins")));
        builder.UseStore(new StoreSettings("efinmemory", PluginSettings.Of(new Dictionary<string, string?>())));
        Assert.Empty(builder.Diagnostics.Refused);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
