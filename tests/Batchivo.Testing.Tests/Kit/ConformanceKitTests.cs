using Batchivo.Testing.Printers;
using Batchivo.Testing.Scales;
using Batchivo.Testing.Slicers;
using Batchivo.Testing.Storage;

namespace Batchivo.Testing.Tests.Kit;

/// <summary>The kits list every case once, and a kit that would run nothing, or a name it does not know, fails.</summary>
public sealed class ConformanceKitTests
{
    [Fact]
    public void Each_kit_lists_all_its_cases_once()
    {
        Assert.Equal(27, Names(ScaleConformanceTests.Cases).Distinct().Count());
        Assert.Equal(25, Names(ProductionStoreConformanceTests.Cases).Distinct().Count());
        Assert.Equal(7, Names(PrinterConnectorConformanceTests.Cases).Distinct().Count());
        Assert.Equal(5, Names(SlicerReaderConformanceTests.Cases).Distinct().Count());
        Assert.Contains("ReadsAStableWeightInEachUnit(Pound, 2.5)", Names(ScaleConformanceTests.Cases));
        Assert.Contains("A_job_is_streamed_from_its_start_to_its_end_under_one_id(Cancelled)", Names(PrinterConnectorConformanceTests.Cases));
    }

    [Fact]
    public void A_kit_without_cases_fails_instead_of_running_nothing()
    {
        var error = Assert.Throws<ConformanceException>(() => EmptyKit.KitCases.ToList());

        Assert.Contains("EmptyKit has no conformance case to run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_runs_by_its_name_and_an_unknown_name_fails_naming_the_cases()
    {
        var kit = new OneCaseKit();

        await kit.Conformance("Passes(3)");
        var error = await Assert.ThrowsAsync<ConformanceException>(() => kit.Conformance("Passes(4)"));

        Assert.Equal(3, kit.Seen);
        Assert.Contains("Passes(3)", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Names(IEnumerable<object[]> rows) => rows.Select(r => (string)Assert.Single(r)).ToList();

    private sealed class EmptyKit : ConformanceKit
    {
        public static IEnumerable<object[]> KitCases => CasesOf(typeof(EmptyKit));

        public override Task Conformance(string name) => RunAsync(name);
    }

    private sealed class OneCaseKit : ConformanceKit
    {
        public int Seen { get; private set; }

        public override Task Conformance(string name) => RunAsync(name);

        [ConformanceCase(3)]
        public Task Passes(int value)
        {
            Seen = value;
            return Task.CompletedTask;
        }
    }
}
