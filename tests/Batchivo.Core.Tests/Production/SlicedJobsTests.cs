using Batchivo.Catalog;
using Batchivo.Devices;
using Batchivo.Production;

namespace Batchivo.Core.Tests.Production;

/// <summary>How a slicer file's filaments become a run's estimates and a product's bill of materials.</summary>
public sealed class SlicedJobsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Spool Black = NewSpool("PLA-001", "PLA", "Black", "#000000");
    private static readonly Spool White = NewSpool("PLA-002", "PLA", "White", "#FFFFFF");
    private static readonly Spool Orange = NewSpool("PETG-001", "PETG", "Orange", null);

    [Fact]
    public void Filaments_go_to_spools_by_type_then_colour_and_unused_filaments_and_spools_get_nothing()
    {
        var job = Job(Filament(1, "PLA", "#ffffff", 10m), Filament(2, "PETG", "#FF8000", 4m), Filament(3, "PLA", "#000000", 6m), Filament(4, "PLA", "#00FF00", 0m));

        var estimate = SlicedJobs.ToRunEstimate(job, "plate.gcode", 7, [Black, White, Orange]);

        Assert.Equal([("PLA-001", 6m), ("PLA-002", 10m), ("PETG-001", 4m)], estimate.Spools.Select(s => (s.SpoolCode, s.Model.Grams)));
        Assert.Equal("plate.gcode (PrusaSlicer 2.8.1)", estimate.SourceName);
        Assert.Equal(TimeSpan.FromMinutes(90), estimate.PrintTime);
    }

    [Fact]
    public void Wipe_tower_grams_are_shared_in_proportion_and_taken_out_of_the_model_grams()
    {
        var job = Job(Filament(1, "PLA", "#000000", 30m), Filament(2, "PLA", "#FFFFFF", 10m)) with { TowerGrams = Mass.FromGrams(4m) };

        var estimate = SlicedJobs.ToRunEstimate(job, "plate.gcode", 7, [Black, White]);

        Assert.Equal([(27m, 3m), (9m, 1m)], estimate.Spools.Select(s => (s.Model.Grams, s.Tower.Grams)));
        Assert.Equal(40m, estimate.Spools.Sum(s => s.Model.Grams + s.Tower.Grams));
    }

    [Fact]
    public void An_explicit_mapping_wins_and_may_put_two_filaments_on_one_spool()
    {
        var job = Job(Filament(1, "PLA", "#FFFFFF", 10m), Filament(2, "PLA", "#FFFFFF", 5m));

        var estimate = SlicedJobs.ToRunEstimate(job, "plate.gcode", 7, [Black, White], new Dictionary<int, string> { [1] = "pla-001", [2] = "PLA-001" });

        Assert.Equal([("PLA-001", 15m), ("PLA-002", 0m)], estimate.Spools.Select(s => (s.SpoolCode, s.Model.Grams)));
    }

    [Fact]
    public void Unknown_grams_are_worked_out_with_the_files_density_else_the_materials_usual_one()
    {
        // 1000 mm of 1.75 mm filament is 2405.28 mm³.
        var job = Job(
            new SlicedFilament(1, "PLA", "#000000", null, LengthMillimetres: 1000m, DiameterMillimetres: 1.75m),
            new SlicedFilament(2, "PETG", null, null, LengthMillimetres: 1000m, DiameterMillimetres: 1.75m, Density: 1.30m));

        var estimate = SlicedJobs.ToRunEstimate(job, "plate.gcode", 7, [Black, Orange]);

        Assert.Equal([2.98m, 3.13m], estimate.Spools.Select(s => s.Model.Grams));
    }

    [Fact]
    public void A_filament_that_matches_no_spool_or_several_is_refused_with_the_mapping_to_give()
    {
        var none = Assert.Throws<DomainRuleException>(() => SlicedJobs.ToRunEstimate(Job(Filament(1, "ABS", null, 5m)), "a.gcode", 7, [Black, White]));
        var several = Assert.Throws<DomainRuleException>(() => SlicedJobs.ToRunEstimate(Job(Filament(1, "PLA", "#123456", 5m)), "a.gcode", 7, [Black, White]));
        var badSlot = Assert.Throws<DomainRuleException>(() => SlicedJobs.ToRunEstimate(Job(Filament(1, "PLA", null, 5m)), "a.gcode", 7, [Black], new Dictionary<int, string> { [3] = "PLA-001" }));
        var badSpool = Assert.Throws<DomainRuleException>(() => SlicedJobs.ToRunEstimate(Job(Filament(1, "PLA", null, 5m)), "a.gcode", 7, [Black], new Dictionary<int, string> { [1] = "PLA-009" }));
        var unknown = Assert.Throws<DomainRuleException>(() => SlicedJobs.ToRunEstimate(Job(new SlicedFilament(1, "WOOD", null, null, 100m)), "a.gcode", 7, [NewSpool("W-1", "WOOD", "Oak", null)]));

        Assert.Contains("matches no spool of run #7 (PLA-001 PLA Black, PLA-002 PLA White). Add a ABS spool to the run, or map it, e.g. --map 1=PLA-001.", none.Message, StringComparison.Ordinal);
        Assert.Contains("could be any of spools PLA-001 PLA Black, PLA-002 PLA White of run #7. Map it, e.g. --map 1=PLA-001.", several.Message, StringComparison.Ordinal);
        Assert.Contains("names filament 3, but a.gcode (PrusaSlicer 2.8.1) has filament 1", badSlot.Message, StringComparison.Ordinal);
        Assert.Contains("names spool PLA-009, which is not on run #7", badSpool.Message, StringComparison.Ordinal);
        Assert.Contains("Set the filament's density in the slicer profile", unknown.Message, StringComparison.Ordinal);
        Assert.All(new[] { none, several, badSlot, badSpool, unknown }, e => Assert.Equal(DomainRule.SlicerEstimate, e.Rule));
    }

    [Fact]
    public void A_bill_of_materials_is_grams_per_unit_per_material_found_by_type_and_colour_or_named()
    {
        var job = Job(Filament(1, "PLA", "#000000", 30m), Filament(2, "PLA", "#FFFFFF", 9m), Filament(3, "PLA", "#000000", 1.5m), Filament(4, "PETG", "#FF8000", 6m));

        var bom = SlicedJobs.ToBom(job, "plate.3mf", 3, [Black, White, Orange]);
        var named = SlicedJobs.ToBom(Job(Filament(1, "PLA", "#123456", 10m)), "plate.3mf", 4, [Black], new Dictionary<int, MaterialSpec> { [1] = new("PLA", "Galaxy") });
        var unnamed = Assert.Throws<DomainRuleException>(() => SlicedJobs.ToBom(Job(Filament(1, "PLA", "#123456", 10m)), "plate.3mf", 4, [Black]));

        Assert.Equal([("PLA Black", 10.5m), ("PLA White", 3m), ("PETG Orange", 2m)], bom.Select(l => (l.Material.ToString(), l.GramsPerUnit.Grams)));
        Assert.Equal(("PLA Galaxy", 2.5m), (named[0].Material.ToString(), named[0].GramsPerUnit.Grams));
        Assert.Contains("Name it, e.g. --material 1=\"PLA Black\"", unnamed.Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => SlicedJobs.ToBom(job, "plate.3mf", 0, [Black]));
    }

    [Fact]
    public void Mapping_pairs_are_read_one_per_entry_or_comma_separated_and_a_malformed_or_repeated_one_is_refused()
    {
        var map = SlicedJobs.ParsePairs(["1=PLA-001, 3 = PETG-001", "", null, "2=\"PLA Black\""], "--map", "1=PLA-001");

        Assert.Equal(new Dictionary<int, string> { [1] = "PLA-001", [3] = "PETG-001", [2] = "PLA Black" }, map);
        Assert.Contains("--map 'one=PLA-001' is not FILAMENT=VALUE", Assert.Throws<DomainRuleException>(() => SlicedJobs.ParsePairs(["one=PLA-001"], "--map", "1=PLA-001")).Message, StringComparison.Ordinal);
        Assert.Contains("'0=PLA-001'", Assert.Throws<DomainRuleException>(() => SlicedJobs.ParsePairs(["0=PLA-001"], "--map", "1=PLA-001")).Message, StringComparison.Ordinal);
        Assert.Contains("'1='", Assert.Throws<DomainRuleException>(() => SlicedJobs.ParsePairs(["1="], "map", "1=PLA-001")).Message, StringComparison.Ordinal);
        Assert.Contains("names filament 1 twice", Assert.Throws<DomainRuleException>(() => SlicedJobs.ParsePairs(["1=A", "1=B"], "map", "1=PLA-001")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usual_densities_cover_suffixed_types_and_know_nothing_of_unknown_ones()
    {
        Assert.Equal(1.24m, FilamentDensities.Of("pla"));
        Assert.Equal(1.24m, FilamentDensities.Of("PLA-CF"));
        Assert.Equal(1.27m, FilamentDensities.Of("PETG HF"));
        Assert.Null(FilamentDensities.Of("WOOD"));
        Assert.Null(FilamentDensities.Of(null));
    }

    [Fact]
    public void Applied_to_a_draft_the_estimate_replaces_the_bom_one_and_names_its_source()
    {
        var run = ProductionRun.Create(1, Printer.Create("P1S-1", "Bambu P1S", 4), T0);
        run.AssignSpool(Black, 4);

        run.ApplySlicerEstimate(SlicedJobs.ToRunEstimate(Job(Filament(1, "PLA", null, 12.5m)), "cube.gcode", run.Number, [Black]));

        Assert.Equal(EstimateSource.Slicer, run.EstimateSource);
        Assert.Equal("cube.gcode (PrusaSlicer 2.8.1)", run.EstimateSourceName);
        Assert.Equal(Mass.FromGrams(12.5m), run.EstimatedTotal);
    }

    private static SlicedFilament Filament(int slot, string type, string? colour, decimal grams) => new(slot, type, colour, Mass.FromGrams(grams), grams > 0 ? grams * 330m : 0m);

    private static SlicedJob Job(params SlicedFilament[] filaments) => new("PrusaSlicer", "2.8.1", null, filaments, null, TimeSpan.FromMinutes(90));

    private static Spool NewSpool(string code, string type, string colour, string? hex) =>
        Spool.Create(code, new Material(new MaterialSpec(type, colour), "Brand", hex), Mass.FromGrams(1000), new Money(20m, "USD"), T0, Mass.FromGrams(200));
}
