using System.Globalization;

namespace Batchivo;

/// <summary>An amount of money in one ISO 4217 currency; arithmetic across currencies is refused.</summary>
public readonly record struct Money
{
    /// <summary>ISO 4217's code for "no currency": the currency of <c>default(Money)</c>.</summary>
    public const string NoCurrency = "XXX";

    private readonly string? _currency;

    /// <summary>Creates an amount.</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">A three-letter ISO 4217 code, e.g. <c>USD</c>.</param>
    /// <exception cref="DomainRuleException">The currency is not three letters.</exception>
    public Money(decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var code = currency.Trim().ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new DomainRuleException(
                DomainRule.CurrencyCode,
                $"'{currency}' is not an ISO 4217 currency code. Use three letters such as USD, EUR or GBP.");
        }

        Amount = amount;
        _currency = code;
    }

    /// <summary>The amount.</summary>
    public decimal Amount { get; }

    /// <summary>The ISO 4217 currency code, upper case.</summary>
    /// <remarks><c>default(Money)</c> is 0 in <c>XXX</c>, ISO 4217's code for "no currency", so no value of the type lacks one.</remarks>
    public string Currency => _currency ?? NoCurrency;

    /// <summary>Zero in a currency.</summary>
    /// <param name="currency">The currency code.</param>
    /// <returns>Zero.</returns>
    public static Money Zero(string currency) => new(0m, currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Subtracts two amounts of the same currency.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    /// <summary>Scales an amount.</summary>
    public static Money operator *(Money left, decimal factor) => new(left.Amount * factor, left.Currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money Add(Money left, Money right) => left + right;

    /// <summary>Subtracts two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money Subtract(Money left, Money right) => left - right;

    /// <summary>Scales an amount.</summary>
    /// <param name="left">The amount.</param>
    /// <param name="factor">The factor.</param>
    /// <returns>The scaled amount.</returns>
    public static Money Multiply(Money left, decimal factor) => left * factor;

    /// <summary>Shows the amount with two decimals, showPlus when asked, e.g. <c>+$0.16</c> or <c>12.50 EUR</c>.</summary>
    /// <param name="showPlus">Whether to show a plus sign for positive amounts.</param>
    /// <returns>The text.</returns>
    public string ToDisplayString(bool showPlus = false)
    {
        var rounded = decimal.Round(Amount, 2, MidpointRounding.AwayFromZero);
        var sign = rounded < 0m ? "-" : showPlus && rounded > 0m ? "+" : string.Empty;
        var number = Math.Abs(rounded).ToString("0.00", CultureInfo.InvariantCulture);
        return Currency switch
        {
            "USD" => $"{sign}${number}",
            "EUR" => $"{sign}€{number}",
            "GBP" => $"{sign}£{number}",
            _ => $"{sign}{number} {Currency}",
        };
    }

    /// <inheritdoc />
    public override string ToString() => ToDisplayString();

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency);
        }
    }
}
