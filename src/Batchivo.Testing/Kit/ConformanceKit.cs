using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace Batchivo.Testing;

/// <summary>
/// The base of every conformance kit. A kit's cases are its methods marked <see cref="ConformanceCaseAttribute"/>; the
/// kit depends on no test framework, so the author's test class runs the cases through its own framework, with one
/// data-driven test that the kit forces it to declare (<see cref="Conformance"/>). On xunit (v2 or v3):
/// <code>
/// [Theory, MemberData(nameof(Cases))]
/// public override Task Conformance(string name) => RunAsync(name);
/// </code>
/// </summary>
/// <remarks>
/// A kit that has no case to run fails: its <c>Cases</c> list throws a <see cref="ConformanceException"/> rather than
/// giving an empty list, and every test framework reports that as a failure. Forgetting the data-driven test is a
/// compile error (<see cref="Conformance"/> is abstract); forgetting its attribute is not: keep the two lines above
/// together, as the <c>batchivo-plugin</c> template does.
/// </remarks>
public abstract class ConformanceKit
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, KitCase>> Registry = new();

    /// <summary>
    /// Runs one case of the kit by name; mark it as your framework's data-driven test, fed by the kit's <c>Cases</c>
    /// (xunit: <c>[Theory, MemberData(nameof(Cases))]</c>; NUnit: <c>[TestCaseSource(nameof(Cases))]</c>).
    /// </summary>
    /// <param name="name">The case's name, one of the kit's <c>Cases</c>.</param>
    /// <returns>A task that fails with <see cref="ConformanceException"/> when the plugin breaks the contract.</returns>
    public abstract Task Conformance(string name);

    /// <summary>Runs the case named <paramref name="name"/> against this instance.</summary>
    /// <param name="name">A case name from the kit's <c>Cases</c>.</param>
    /// <returns>A task that completes when the case passes.</returns>
    /// <exception cref="ConformanceException">The case failed, or no case has that name.</exception>
    protected async Task RunAsync(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var cases = CasesIn(GetType());
        if (!cases.TryGetValue(name, out var found))
        {
            throw new ConformanceException(
                $"{GetType().Name} has no conformance case named '{name}'. Feed the test from the kit's Cases list; its cases are: {string.Join(", ", cases.Keys)}.");
        }

        if (found.Method.Invoke(this, BindingFlags.DoNotWrapExceptions, binder: null, [.. found.Arguments], CultureInfo.InvariantCulture) is Task task)
        {
            await task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The names of the cases <paramref name="kit"/> declares, one row each, in the shape data-driven tests take
    /// (xunit's <c>MemberData</c> on v2 and v3, NUnit's <c>TestCaseSource</c>).
    /// </summary>
    /// <param name="kit">The kit type.</param>
    /// <returns>One row per case, holding its name.</returns>
    /// <exception cref="ConformanceException">The kit has no case: a kit that would run nothing fails loudly.</exception>
    protected static IEnumerable<object[]> CasesOf(Type kit)
    {
        ArgumentNullException.ThrowIfNull(kit);
        var cases = CasesIn(kit);
        if (cases.Count == 0)
        {
            throw new ConformanceException(
                $"{kit.Name} has no conformance case to run (no public method marked [ConformanceCase]). A kit that runs nothing would pass without checking anything.");
        }

        return cases.Keys.Select(name => new object[] { name }).ToArray();
    }

    private static IReadOnlyDictionary<string, KitCase> CasesIn(Type type) => Registry.GetOrAdd(type, static type =>
    {
        var cases = new Dictionary<string, KitCase>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (var row in method.GetCustomAttributes<ConformanceCaseAttribute>(inherit: true))
            {
                var parameters = method.GetParameters();
                if (parameters.Length != row.Arguments.Count)
                {
                    throw new ConformanceException($"{type.Name}.{method.Name} takes {parameters.Length} arguments but a [ConformanceCase] row gives {row.Arguments.Count}.");
                }

                var name = row.Arguments.Count == 0
                    ? method.Name
                    : $"{method.Name}({string.Join(", ", row.Arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)))})";
                if (!cases.TryAdd(name, new KitCase(method, row.Arguments)))
                {
                    throw new ConformanceException($"{type.Name} declares the conformance case '{name}' twice.");
                }
            }
        }

        return cases;
    });

    private sealed record KitCase(MethodInfo Method, IReadOnlyList<object?> Arguments);
}
