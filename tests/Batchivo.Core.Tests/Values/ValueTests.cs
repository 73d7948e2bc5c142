using Batchivo.Catalog;

namespace Batchivo.Core.Tests.Values;

/// <summary>The value types: mass, money, percentages, quality, material specifications, tares and remaining filament.</summary>
public sealed class ValueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    // ---- Mass --------------------------------------------------------------------------------------

    [Fact]
    public void Mass_arithmetic_keeps_full_precision()
    {
        var a = Mass.FromGrams(45.25m);
        var b = Mass.FromGrams(0.05m);

        Assert.Equal(45.30m, (a + b).Grams);
        Assert.Equal(45.20m, (a - b).Grams);
        Assert.Equal(-45.25m, (-a).Grams);
        Assert.Equal(135.75m, (a * 3m).Grams);
        Assert.Equal(135.75m, (3m * a).Grams);
        Assert.Equal(Mass.FromGrams(1250), Mass.FromKilograms(1.25m));
        Assert.Equal(0.3m, Enumerable.Repeat(Mass.FromGrams(0.01m), 30).Aggregate(Mass.Zero, Mass.Add).Grams);
        Assert.Equal(Mass.FromGrams(1m / 3m) * 3m, Mass.Multiply(Mass.FromGrams(1m / 3m), 3m));
        Assert.Equal(Mass.FromGrams(-1), Mass.Subtract(Mass.FromGrams(2), Mass.FromGrams(3)));
        Assert.Equal(Mass.FromGrams(-1), Mass.Negate(Mass.FromGrams(1)));
    }

    [Fact]
    public void Mass_compares_by_grams()
    {
        var small = Mass.FromGrams(5);
        var large = Mass.FromGrams(45);

        Assert.True(small < large);
        Assert.True(large > small);
        Assert.True(small <= Mass.FromGrams(5));
        Assert.True(large >= Mass.FromGrams(45.0m));
        Assert.Equal(Mass.FromGrams(5), Mass.FromGrams(5.00m));
        Assert.True(small.CompareTo(large) < 0);
        Assert.True(Mass.FromGrams(-0.1m).IsNegative);
        Assert.False(Mass.Zero.IsNegative);
        Assert.Equal(Mass.Zero, Mass.FromGrams(-3).ClampToZero());
        Assert.Equal(Mass.FromGrams(3), Mass.FromGrams(3).ClampToZero());
    }

    [Theory]
    [InlineData("192", "192.0 g")]
    [InlineData("191.96", "192.0 g")]
    [InlineData("3.5", "3.5 g")]
    [InlineData("0", "0.0 g")]
    [InlineData("-1.04", "-1.0 g")]
    [InlineData("1234.56", "1234.6 g")]
    public void Mass_shows_with_a_tenth_of_a_gram(string grams, string expected)
    {
        Assert.Equal(expected, Mass.FromGrams(Parse(grams)).ToString());
    }

    [Theory]
    [InlineData("192", false, "192g")]
    [InlineData("185", false, "185g")]
    [InlineData("7", true, "+7g")]
    [InlineData("-1", true, "-1g")]
    [InlineData("-1", false, "-1g")]
    [InlineData("0", true, "0g")]
    [InlineData("3.5", false, "3.5g")]
    [InlineData("3.46", false, "3.5g")]
    [InlineData("3.44", true, "+3.4g")]
    [InlineData("191.96", false, "192g")]
    [InlineData("0.04", true, "0g")]
    [InlineData("-0.04", true, "0g")]
    [InlineData("2.25", false, "2.3g")]
    public void Mass_report_string_rounds_to_a_tenth_and_drops_a_zero_tenth(string grams, bool showPlus, string expected)
    {
        Assert.Equal(expected, Mass.FromGrams(Parse(grams)).ToReportString(showPlus));
    }

    [Fact]
    public void Mass_rounds_only_when_shown()
    {
        var third = Mass.FromGrams(10m / 3m);

        Assert.Equal("3.3 g", third.ToString());
        Assert.Equal(10m, (third * 3m).Grams, 20);
        Assert.Equal("10g", (third * 3m).ToReportString());
    }

    [Fact]
    public void A_weight_must_be_positive()
    {
        Assert.Equal(850m, Mass.Weight(850m, "weight before of spool PLA-001").Grams);

        var error = Assert.Throws<DomainRuleException>(() => Mass.Weight(-2.5m, "weight before of spool PLA-001"));

        Assert.Equal(DomainRule.WeightMustBePositive, error.Rule);
        Assert.Contains("weight before of spool PLA-001", error.Message, StringComparison.Ordinal);
        Assert.Contains("-2.5 g", error.Message, StringComparison.Ordinal);
    }

    // ---- Money -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("25", "USD", false, "$25.00")]
    [InlineData("0.16", "USD", true, "+$0.16")]
    [InlineData("-0.16", "USD", true, "-$0.16")]
    [InlineData("-0.16", "USD", false, "-$0.16")]
    [InlineData("0.155", "USD", false, "$0.16")]
    [InlineData("0.004", "USD", true, "$0.00")]
    [InlineData("12.5", "EUR", false, "€12.50")]
    [InlineData("3", "GBP", true, "+£3.00")]
    [InlineData("12.5", "CHF", false, "12.50 CHF")]
    [InlineData("-7.1", "SEK", false, "-7.10 SEK")]
    public void Money_shows_two_decimals_with_the_currency(string amount, string currency, bool showPlus, string expected)
    {
        Assert.Equal(expected, new Money(Parse(amount), currency).ToDisplayString(showPlus));
    }

    [Fact]
    public void Money_normalizes_the_currency_code()
    {
        var money = new Money(1.5m, " usd ");

        Assert.Equal("USD", money.Currency);
        Assert.Equal(new Money(1.5m, "USD"), money);
        Assert.Equal("$1.50", money.ToString());
    }

    [Fact]
    public void Money_arithmetic_in_one_currency()
    {
        var price = new Money(25m, "USD");

        Assert.Equal(new Money(45m, "USD"), price + new Money(20m, "USD"));
        Assert.Equal(new Money(5m, "USD"), Money.Subtract(price, new Money(20m, "USD")));
        Assert.Equal(new Money(0.025m, "USD"), price * 0.001m);
        Assert.Equal(new Money(0m, "EUR"), Money.Zero("EUR"));
        Assert.Equal(new Money(0.175m, "USD"), new Money(0.025m, "USD") * 7m);
        Assert.Equal("+$0.18", (new Money(0.025m, "USD") * 7m).ToDisplayString(showPlus: true));
    }

    [Fact]
    public void Money_in_different_currencies_cannot_be_combined()
    {
        var error = Assert.Throws<CurrencyMismatchException>(() => Money.Add(new Money(1m, "GBP"), new Money(1m, "USD")));

        Assert.Equal(DomainRule.CurrencyMismatch, error.Rule);
        Assert.Contains("GBP and USD", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(new Money(1m, "GBP"), new Money(1m, "USD"));
    }

    [Fact]
    public void Spool_cost_per_gram_is_price_over_nominal_net_weight()
    {
        var spool = Spool.Create("PLA-001", new Material(new MaterialSpec("PLA", "Black")), Mass.FromGrams(1000), new Money(25m, "USD"), T0);

        Assert.Equal(new Money(0.025m, "USD"), spool.CostPerGram);
    }

    // ---- Percent -----------------------------------------------------------------------------------

    [Fact]
    public void Percent_of_the_seed_variance_is_plus_3_8()
    {
        var percent = Percent.Of(7m, 185m);

        Assert.Equal(700m / 185m, percent);
        Assert.Equal("+3.8%", Percent.Format(percent));
        Assert.Equal("3.8%", Percent.Format(percent, showPlus: false));
    }

    [Fact]
    public void Percent_is_undefined_not_zero_when_the_base_is_zero()
    {
        Assert.Null(Percent.Of(7m, 0m));
        Assert.Null(Percent.Of(0m, 0m));
        Assert.Null(Percent.Ratio(1m, 0m));
        Assert.Equal("n/a", Percent.Format(Percent.Of(7m, 0m)));
        Assert.Equal(0m, Percent.Of(0m, 185m));
        Assert.Equal(0.25m, Percent.Ratio(1m, 4m));
    }

    [Theory]
    [InlineData("3.78", "+3.8%")]
    [InlineData("-2.04", "-2.0%")]
    [InlineData("-0.54", "-0.5%")]
    [InlineData("0", "0.0%")]
    [InlineData("0.04", "0.0%")]
    [InlineData("-0.04", "0.0%")]
    [InlineData("0.05", "+0.1%")]
    [InlineData("100", "+100.0%")]
    public void Percent_shows_one_decimal_and_a_sign(string percent, string expected)
    {
        Assert.Equal(expected, Percent.Format(Parse(percent)));
    }

    // ---- Quality -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(1, "★☆☆☆☆", "Failed/unusable")]
    [InlineData(2, "★★☆☆☆", "Major defects")]
    [InlineData(3, "★★★☆☆", "Minor defects")]
    [InlineData(4, "★★★★☆", "Good quality")]
    [InlineData(5, "★★★★★", "Perfect")]
    public void Quality_shows_stars_and_what_they_mean(int stars, string starText, string meaning)
    {
        var rating = new QualityRating(stars);

        Assert.Equal(stars, rating.Stars);
        Assert.Equal(starText, rating.StarText);
        Assert.Equal(meaning, rating.Meaning);
        Assert.Equal($"{starText} ({stars}/5)", rating.ToString());
    }

    [Fact]
    public void Quality_ratings_compare_by_stars()
    {
        Assert.True(new QualityRating(2) < new QualityRating(4));
        Assert.True(new QualityRating(5) >= new QualityRating(5));
        Assert.Equal(new QualityRating(3), new QualityRating(3));
        Assert.True(new QualityRating(1).CompareTo(new QualityRating(2)) < 0);
    }

    // ---- Materials ---------------------------------------------------------------------------------

    [Fact]
    public void Material_specs_are_equal_ignoring_case_and_spaces()
    {
        var black = new MaterialSpec("PLA", "Black");
        var lower = new MaterialSpec(" pla ", "black");

        Assert.Equal(black, lower);
        Assert.True(black == lower);
        Assert.False(black != lower);
        Assert.Equal(black.GetHashCode(), lower.GetHashCode());
        Assert.NotEqual(black, new MaterialSpec("PLA", "White"));
        Assert.NotEqual(black, new MaterialSpec("PETG", "Black"));
        Assert.False(black == null);
        Assert.True((MaterialSpec?)null == null);
        Assert.Equal("PLA Black", black.ToString());
        Assert.Equal(new Material(black, "Bambu Lab"), new Material(lower, "Bambu Lab"));
    }

    [Fact]
    public void Material_specs_parse_type_then_colour()
    {
        var spec = MaterialSpec.Parse("  petg  Translucent Blue ");

        Assert.Equal("petg", spec.Type);
        Assert.Equal("Translucent Blue", spec.Colour);
        Assert.Equal(new MaterialSpec("PETG", "translucent blue"), spec);
    }

    [Theory]
    [InlineData("PLA")]
    [InlineData("   ")]
    public void A_material_needs_a_type_and_a_colour(string text)
    {
        var error = Assert.Throws<DomainRuleException>(() => MaterialSpec.Parse(text));

        Assert.Equal(DomainRule.CatalogValue, error.Rule);
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_material_spec_needs_a_colour()
    {
        var error = Assert.Throws<DomainRuleException>(() => new MaterialSpec("PLA", " "));

        Assert.Equal(DomainRule.CatalogValue, error.Rule);
        Assert.Contains("material colour", error.Message, StringComparison.Ordinal);
    }

    // ---- Brand tares and remaining filament -------------------------------------------------------

    private static BrandTareRegistry Registry() => new(
    [
        new BrandTare("Bambu Lab", null, Mass.FromGrams(250)),
        new BrandTare("Bambu Lab", "Cardboard", Mass.FromGrams(180)),
        new BrandTare("Sunlu", "Plastic", Mass.FromGrams(160)),
    ]);

    [Fact]
    public void Brand_tare_lookup_prefers_the_exact_spool_type_then_the_brand_default()
    {
        var registry = Registry();

        Assert.Equal(Mass.FromGrams(180), registry.Find("bambu lab", " cardboard "));
        Assert.Equal(Mass.FromGrams(250), registry.Find("Bambu Lab", "Plastic"));
        Assert.Equal(Mass.FromGrams(250), registry.Find(" BAMBU LAB ", null));
        Assert.Equal(Mass.FromGrams(160), registry.Find("Sunlu", "plastic"));
        Assert.Null(registry.Find("Sunlu", "Cardboard"));
        Assert.Null(registry.Find("Sunlu", null));
        Assert.Null(registry.Find("Polymaker", null));
        Assert.Null(registry.Find(null, "Plastic"));
        Assert.Null(registry.Find(" ", null));
        Assert.Null(BrandTareRegistry.Empty.Find("Bambu Lab", null));
    }

    [Fact]
    public void A_later_brand_tare_replaces_an_earlier_one()
    {
        var registry = new BrandTareRegistry(
        [
            new BrandTare("Bambu Lab", null, Mass.FromGrams(250)),
            new BrandTare("BAMBU LAB", null, Mass.FromGrams(240)),
        ]);

        Assert.Equal(Mass.FromGrams(240), registry.Find("Bambu Lab", null));
        Assert.Single(registry.Entries);
    }

    [Fact]
    public void A_brand_tare_must_name_a_brand_and_weigh_something()
    {
        var noBrand = Assert.Throws<DomainRuleException>(() => new BrandTare(" ", null, Mass.FromGrams(200)).Validate());
        var noWeight = Assert.Throws<DomainRuleException>(() => new BrandTare("Sunlu", null, Mass.Zero).Validate());

        Assert.Equal(DomainRule.CatalogValue, noBrand.Rule);
        Assert.Contains("brand", noBrand.Message, StringComparison.Ordinal);
        Assert.Equal(DomainRule.WeightMustBePositive, noWeight.Rule);
        Assert.Contains("empty-spool weight of Sunlu", noWeight.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spool_without_its_own_tare_uses_its_brands_in_remaining()
    {
        var cardboard = Spool.Create("PLA-020", new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, spoolType: "cardboard", initialGross: Mass.FromGrams(1180));
        var plain = Spool.Create("PLA-021", new Material(new MaterialSpec("PLA", "White"), "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, initialGross: Mass.FromGrams(1000));
        var unknown = Spool.Create("PLA-022", new Material(new MaterialSpec("PLA", "Red"), "Polymaker"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, initialGross: Mass.FromGrams(1000));
        var registry = Registry();

        Assert.Equal(Mass.FromGrams(180), cardboard.ResolveTare(registry));
        Assert.Equal(Mass.FromGrams(1000), cardboard.Remaining(registry));
        Assert.Equal(Mass.FromGrams(750), plain.Remaining(registry));
        Assert.Null(unknown.Remaining(registry));
        Assert.Null(cardboard.Remaining(null));
    }

    [Fact]
    public void A_spools_own_tare_wins_over_its_brands()
    {
        var spool = Spool.Create("PLA-023", new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, tare: Mass.FromGrams(210), initialGross: Mass.FromGrams(1000));

        Assert.Equal(Mass.FromGrams(210), spool.ResolveTare(Registry()));
        Assert.Equal(Mass.FromGrams(790), spool.Remaining(Registry()));
        Assert.Equal(Mass.FromGrams(790), spool.Remaining(null));
    }

    [Fact]
    public void Remaining_filament_is_never_below_zero()
    {
        var spool = Spool.Create("PLA-024", new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, tare: Mass.FromGrams(250), initialGross: Mass.FromGrams(200));

        Assert.Equal(Mass.Zero, spool.Remaining(null));

        spool.RecordWeighing(Mass.FromGrams(250), T0.AddDays(1), "empty");
        Assert.Equal(Mass.Zero, spool.Remaining(null));
    }

    [Fact]
    public void Remaining_is_unknown_before_the_first_weighing()
    {
        var spool = Spool.Create("PLA-025", new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, tare: Mass.FromGrams(250));

        Assert.Null(spool.GrossWeight);
        Assert.Null(spool.Remaining(Registry()));
    }

    [Fact]
    public void The_ledger_explains_the_remaining_weight()
    {
        var spool = Spool.Create("PLA-026", new Material(new MaterialSpec("PLA", "Black"), "Bambu Lab"), Mass.FromGrams(1000), new Money(25m, "USD"), T0, tare: Mass.FromGrams(250), initialGross: Mass.FromGrams(1250));
        spool.RecordWeighing(Mass.FromGrams(1100), T0.AddDays(1), "stock check");
        spool.Adjust(Mass.FromGrams(1090), "tangle cut off", T0.AddDays(2));

        Assert.Equal([1250m, -150m, -10m], spool.Ledger.Select(e => e.Delta.Grams));
        Assert.Equal(spool.GrossWeight!.Value.Grams, spool.Ledger.Sum(e => e.Delta.Grams));
        Assert.Equal([1, 2, 3], spool.Ledger.Select(e => e.Sequence));
        Assert.Equal(LedgerEntryKind.Adjusted, spool.Ledger[^1].Kind);
        Assert.Equal("tangle cut off", spool.Ledger[^1].Note);
        Assert.Equal(Mass.FromGrams(840), spool.Remaining(null));
    }

    private static decimal Parse(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
