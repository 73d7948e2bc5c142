using Xunit;

namespace Batchivo.Testing.Storage;

/// <summary>
/// A fact that needs a PostgreSQL server (see <see cref="PostgreSqlServer"/>): reported skipped, with the reason,
/// where none is available, except when <c>BATCHIVO_CI=1</c>, where it runs and fails with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; the skip reason is decided when the tests are discovered.</summary>
    public PostgreSqlFactAttribute()
    {
        if (PostgreSqlServer.SkipReason is { } reason)
        {
            Skip = "PostgreSQL is not available: " + reason;
        }
    }
}

/// <summary>
/// Marks a test class all of whose tests, including those it inherits (e.g. from a conformance kit), need a
/// PostgreSQL server. Takes effect with <see cref="PostgreSqlTestFramework"/> registered for the test assembly:
/// <c>[assembly: Xunit.TestFramework("Batchivo.Testing.Storage.PostgreSqlTestFramework", "Batchivo.Testing")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgreSqlAttribute : Attribute
{
}
