using Batchivo.Core.Tests.Support;
using Batchivo.Production;

namespace Batchivo.Core.Tests.Production;

/// <summary>A run given at the version its caller read: a change is refused when the run moved on, and nothing is stored.</summary>
public sealed class RunRefTests
{
    [Fact]
    public async Task A_change_at_the_version_read_goes_ahead_and_a_plain_number_needs_none()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var read = await seed.Service.Runs.GetRunAsync(number);

        var changed = await seed.Service.Runs.SetNotesAsync(new RunRef(number, read.Version), "first");
        var again = await seed.Service.Runs.SetNotesAsync(number, "second");

        Assert.Equal(read.Version + 1, changed.Version);
        Assert.Equal("second", again.Notes);
    }

    [Fact]
    public async Task A_change_at_an_older_version_is_a_conflict_and_stores_nothing()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var read = await seed.Service.Runs.GetRunAsync(number);
        await seed.Service.Runs.SetNotesAsync(number, "the bench's note");
        var commits = seed.Store.CommitCount;

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => seed.Service.Weighing.RecordWeightBeforeAsync(new RunRef(number, read.Version), "PLA-001", Mass.FromGrams(900)));

        Assert.Equal(("run", $"#{number}", read.Version), (error.Entity, error.Key, error.ExpectedVersion));
        Assert.Equal(commits, seed.Store.CommitCount);
        var stored = await seed.Service.Runs.GetRunAsync(number);
        Assert.Equal("the bench's note", stored.Notes);
        Assert.Equal(850m, stored.Materials.Single(m => m.SpoolCode == "PLA-001").WeightBefore!.Value.Grams);
    }

    [Fact]
    public async Task A_change_made_between_the_read_and_the_commit_is_never_overwritten()
    {
        var seed = new SeedExample();
        await seed.CatalogAsync();
        var number = await seed.DraftAsync();
        var read = await seed.Service.Runs.GetRunAsync(number);
        var other = new ProductionService(seed.Store, seed.Time);
        seed.Store.AfterNextRunRead = () => other.Runs.SetNotesAsync(number, "the phone's note");

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => seed.Service.Runs.SetNotesAsync(new RunRef(number, read.Version), "the bench's note"));

        Assert.Equal("the phone's note", (await seed.Service.Runs.GetRunAsync(number)).Notes);
    }

    [Fact]
    public void A_number_converts_and_prints_as_the_messages_write_it()
    {
        RunRef run = 42;

        Assert.Equal(new RunRef(42, null), run);
        Assert.Equal("run #42", $"run #{run}");
        Assert.Equal(RunRef.FromInt32(7), (RunRef)7);
    }
}
