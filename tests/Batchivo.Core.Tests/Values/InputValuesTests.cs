using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Batchivo.Core.Tests.Values;

/// <summary>
/// The one reader of typed numbers and dates: every number written in the accepted form is read back exactly, and the
/// same number written any other way (a comma for the decimals, grouping, an exponent, surrounding text) is refused
/// with the accepted form, never read as another number.
/// </summary>
public sealed class InputValuesTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Decimals with up to 6 decimals and up to 12 integer digits, positive and negative.</summary>
    public static class Numbers
    {
        /// <summary>The arbitrary.</summary>
        /// <returns>Decimals such as 850.5, -0.001, 1234567.</returns>
        public static Arbitrary<decimal> Decimals() => Arb.From(
            from whole in Gen.Choose(0, 999_999).Select(x => (long)x).SelectMany(a => Gen.Choose(0, 999_999).Select(b => (a * 1_000_000) + b))
            from scale in Gen.Choose(0, 6)
            from fraction in Gen.Choose(0, 999_999)
            from negative in Gen.Elements(false, true)
            let magnitude = whole + decimal.Round(fraction / 1_000_000m, scale)
            select negative && magnitude != 0m ? -magnitude : magnitude);
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Numbers) })]
    public void Any_decimal_written_invariant_is_read_back_exactly(decimal value)
    {
        var text = value.ToString(Invariant);

        var result = InputValues.TryParseDecimal(text, allowNegative: true);

        Assert.True(result.Success, result.Error);
        Assert.Equal(value, result.Value);
        Assert.Equal(value < 0, !InputValues.TryParseDecimal(text).Success);
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(Numbers) })]
    public void The_same_decimal_written_any_other_way_is_refused_with_the_accepted_form(decimal value)
    {
        var magnitude = Math.Abs(value);
        var comma = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };
        var variants = new List<string>
        {
            magnitude.ToString("0.0#####", comma),                                            // 850,5
            magnitude.ToString("#,0.0#####", comma),                                          // 1.234,5
            (magnitude + 1000m).ToString("#,0.######", Invariant),                            // 1,850.5: grouping
            (magnitude + 1000m).ToString("#,0.######", new NumberFormatInfo { NumberGroupSeparator = " " }), // 1 850.5
            magnitude.ToString("0.0###E+0", Invariant),                                       // 8.505E+2
            magnitude.ToString(Invariant) + "g",                                              // 850.5g
            magnitude.ToString(Invariant) + " g",
            "about " + magnitude.ToString(Invariant),
            " " + magnitude.ToString(Invariant),
            "+" + magnitude.ToString(Invariant),
            magnitude.ToString("0.0#####", new NumberFormatInfo { NumberDecimalSeparator = "\u066B" }), // Arabic decimal separator
        };

        foreach (var text in variants)
        {
            var result = InputValues.TryParseDecimal(text, allowNegative: true);
            Assert.False(result.Success, $"'{text}' was read as {result.Value}.");
            Assert.Contains(InputValues.DecimalForm, result.Error, StringComparison.Ordinal);
            Assert.Contains(text, result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        }
    }

    [Property(MaxTest = 500)]
    public void Any_whole_number_is_read_back_and_any_other_spelling_refused(int value)
    {
        var text = value.ToString(Invariant);
        var read = InputValues.TryParseInteger(text, allowNegative: true);
        Assert.True(read.Success, read.Error);
        Assert.Equal(value, read.Value);

        var magnitude = Math.Abs((long)value);
        foreach (var other in new[] { magnitude.ToString("#,0", Invariant) + ",000", magnitude + ".0", magnitude + "e0", magnitude + "x", "+" + magnitude, magnitude + " " })
        {
            var result = InputValues.TryParseInteger(other, allowNegative: true);
            Assert.False(result.Success, $"'{other}' was read as {result.Value}.");
            Assert.Contains(InputValues.IntegerForm, result.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("850,5")]
    [InlineData("25,99")]
    [InlineData("4,5")]
    [InlineData("1,000")]
    [InlineData("1 000")]
    [InlineData("1_000")]
    [InlineData("8.5e2")]
    [InlineData("850.")]
    [InlineData(".5")]
    [InlineData("--5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    [InlineData("٨٥٠")] // Arabic-Indic digits
    [InlineData("850\n")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_that_is_not_in_the_accepted_form_is_not_a_number(string? text)
    {
        Assert.False(InputValues.TryParseDecimal(text, allowNegative: true).Success);
        Assert.False(InputValues.TryParseInteger(text, allowNegative: true).Success);
    }

    [Fact]
    public void Negative_values_and_values_out_of_range_are_refused_with_the_reason()
    {
        var negative = InputValues.TryParseDecimal("-5");
        Assert.False(negative.Success);
        Assert.Contains("negative", negative.Error, StringComparison.Ordinal);
        Assert.Equal(-5m, InputValues.TryParseDecimal("-5", allowNegative: true).Value);

        var tooLarge = InputValues.TryParseInteger("2147483648");
        Assert.False(tooLarge.Success);
        Assert.Contains("2147483647", tooLarge.Error, StringComparison.Ordinal);
        Assert.False(InputValues.TryParseDecimal(new string('9', 40)).Success);
        Assert.Equal(0.5m, InputValues.TryParseDecimal("0.5").Value);
        Assert.Equal(7, InputValues.TryParseInteger("007").Value);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-01T00:00:00+00:00")]
    [InlineData("2026-11-01T08:30", "2026-11-01T08:30:00+00:00")]
    [InlineData("2026-11-01T08:30:15", "2026-11-01T08:30:15+00:00")]
    [InlineData("2026-11-01T08:30Z", "2026-11-01T08:30:00+00:00")]
    [InlineData("2026-11-01T08:30:15Z", "2026-11-01T08:30:15+00:00")]
    [InlineData("2026-11-01T08:30+01:00", "2026-11-01T08:30:00+01:00")]
    [InlineData("2026-11-01T08:30:15-05:30", "2026-11-01T08:30:15-05:30")]
    public void ISO_8601_dates_are_read_in_UTC_unless_an_offset_is_given(string text, string expected)
    {
        var result = InputValues.TryParseInstant(text);
        Assert.True(result.Success, result.Error);
        Assert.Equal(DateTimeOffset.Parse(expected, Invariant), result.Value);
        Assert.Equal(DateTimeOffset.Parse(expected, Invariant).Offset, result.Value.Offset);
    }

    [Theory]
    [InlineData("1/2/2026")]
    [InlineData("2/1/2026")]
    [InlineData("01.02.2026")]
    [InlineData("2026/11/01")]
    [InlineData("20261101")]
    [InlineData("2026-11-1")]
    [InlineData("2026-02-30")]
    [InlineData("2026-11-01 08:00")]
    [InlineData("Nov 1 2026")]
    [InlineData("yesterday")]
    [InlineData("2026-11-01T08")]
    [InlineData(" 2026-11-01")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_but_ISO_8601_is_refused_with_the_accepted_form(string? text)
    {
        var result = InputValues.TryParseInstant(text);
        Assert.False(result.Success, $"'{text}' was read as {result.Value:O}.");
        Assert.Contains(InputValues.InstantForm, result.Error, StringComparison.Ordinal);
    }
}
