namespace Batchivo.Testing;

/// <summary>
/// A conformance case failed: the plugin under test does not honour the contract (the message says what it did and
/// what was expected), or the kit was used wrongly (no case to run, an unknown case name). Every test framework reports
/// it as a failed test.
/// </summary>
public sealed class ConformanceException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ConformanceException()
        : base("A conformance case failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    public ConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
