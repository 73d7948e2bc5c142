using Batchivo.Devices;

namespace Batchivo.Core.Tests.Devices;

/// <summary>The scale contract's unit conversions: exact by definition of the pound (453.59237 g) and ounce (1/16 lb).</summary>
public sealed class WeightUnitsTests
{
    [Theory]
    [InlineData(WeightUnit.Gram, "1", "1")]
    [InlineData(WeightUnit.Kilogram, "0.001", "1")]
    [InlineData(WeightUnit.Pound, "1", "453.59237")]
    [InlineData(WeightUnit.Ounce, "16", "453.59237")]
    [InlineData(WeightUnit.Ounce, "1", "28.349523125")]
    public void Readings_convert_to_grams_exactly(WeightUnit unit, string value, string grams)
    {
        var reading = new ScaleReading(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit, true, DateTimeOffset.UnixEpoch);

        Assert.Equal(decimal.Parse(grams, System.Globalization.CultureInfo.InvariantCulture), reading.Mass.Grams);
    }

    [Theory]
    [InlineData(WeightUnit.Gram, "g")]
    [InlineData(WeightUnit.Kilogram, "kg")]
    [InlineData(WeightUnit.Pound, "lb")]
    [InlineData(WeightUnit.Ounce, "oz")]
    public void Units_have_their_symbols_and_round_trip_through_grams(WeightUnit unit, string symbol)
    {
        Assert.Equal(symbol, WeightUnits.Symbol(unit));
        Assert.Equal(12.5m, WeightUnits.FromGrams(WeightUnits.ToGrams(12.5m, unit), unit));
    }

    [Fact]
    public void An_undefined_unit_is_refused_instead_of_read_as_ounces()
    {
        var reading = new ScaleReading(1m, (WeightUnit)42, true, DateTimeOffset.UnixEpoch);

        Assert.Throws<ArgumentOutOfRangeException>(() => reading.Mass);
    }

    [Fact]
    public void A_scale_says_it_cannot_tare_unless_its_driver_says_otherwise()
    {
        IScale scale = new Bare();

        Assert.Equal(ScaleCapabilities.None, scale.Capabilities);
    }

    private sealed class Bare : IScale
    {
        public ScaleIdentity Identity { get; } = new("bare", null, null, null);

        public Task<ScaleReading> ReadAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task<ScaleReading> ReadStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task TareAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public Task ZeroAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
