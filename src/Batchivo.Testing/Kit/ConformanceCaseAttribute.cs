namespace Batchivo.Testing;

/// <summary>
/// Marks a public method of a conformance kit as one of its cases; with arguments, one case per attribute (the kit's
/// own form of a theory row). The test framework never sees this attribute: the author's test class runs the cases
/// through <see cref="ConformanceKit.RunAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class ConformanceCaseAttribute : Attribute
{
    /// <summary>Marks a case without arguments, or one row of a case with <paramref name="arguments"/>.</summary>
    /// <param name="arguments">The arguments the case is called with, in the method's parameter order.</param>
    public ConformanceCaseAttribute(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Arguments = arguments;
    }

    /// <summary>The arguments the case is called with.</summary>
    public IReadOnlyList<object?> Arguments { get; }
}
