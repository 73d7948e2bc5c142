namespace Batchivo;

/// <summary>A run's quality, 1 to 5 stars.</summary>
public readonly record struct QualityRating : IComparable<QualityRating>
{
    /// <summary>The most stars a rating has.</summary>
    public const int MaxStars = 5;

    // Kept as the stars above one, so the default value is a valid rating (one star), never zero stars.
    private readonly int _starsAboveOne;

    /// <summary>Creates a rating.</summary>
    /// <param name="stars">1 (failed/unusable) to 5 (perfect).</param>
    /// <exception cref="DomainRuleException">The value is outside 1..5.</exception>
    public QualityRating(int stars)
    {
        if (stars is < 1 or > 5)
        {
            throw new DomainRuleException(
                DomainRule.QualityRange,
                $"A quality rating is 1 to 5 stars, but {stars} was given. Use 1 (failed/unusable), 2 (major defects), 3 (minor defects), 4 (good) or 5 (perfect).");
        }

        _starsAboveOne = stars - 1;
    }

    /// <summary>The number of stars, 1..5. <c>default(QualityRating)</c> is one star, as every value of the type is a rating.</summary>
    public int Stars => _starsAboveOne + 1;

    /// <summary>What the rating means, e.g. "Good quality".</summary>
    public string Meaning => Stars switch
    {
        1 => "Failed/unusable",
        2 => "Major defects",
        3 => "Minor defects",
        4 => "Good quality",
        _ => "Perfect",
    };

    /// <summary>The rating as stars, e.g. <c>★★★★☆</c>.</summary>
    public string StarText => new string('★', Stars) + new string('☆', 5 - Stars);

    /// <inheritdoc />
    public int CompareTo(QualityRating other) => Stars.CompareTo(other.Stars);

    /// <summary>Compares two ratings.</summary>
    public static bool operator <(QualityRating left, QualityRating right) => left.Stars < right.Stars;

    /// <summary>Compares two ratings.</summary>
    public static bool operator >(QualityRating left, QualityRating right) => left.Stars > right.Stars;

    /// <summary>Compares two ratings.</summary>
    public static bool operator <=(QualityRating left, QualityRating right) => left.Stars <= right.Stars;

    /// <summary>Compares two ratings.</summary>
    public static bool operator >=(QualityRating left, QualityRating right) => left.Stars >= right.Stars;

    /// <summary>Shows <c>★★★★☆ (4/5)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{StarText} ({Stars}/5)";
}
