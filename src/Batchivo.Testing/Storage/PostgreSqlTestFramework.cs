using Xunit.Abstractions;
using Xunit.Sdk;

namespace Batchivo.Testing.Storage;

/// <summary>
/// The xunit test framework with one addition: in classes marked <see cref="RequiresPostgreSqlAttribute"/>, every
/// test (inherited ones too) is reported skipped, with the reason, when no PostgreSQL server is available and
/// <c>BATCHIVO_CI</c> is not <c>1</c>. Register it once per test assembly:
/// <c>[assembly: Xunit.TestFramework("Batchivo.Testing.Storage.PostgreSqlTestFramework", "Batchivo.Testing")]</c>.
/// </summary>
/// <remarks>xunit 2 has no way for a running test to skip itself, so the decision is taken at discovery.</remarks>
public sealed class PostgreSqlTestFramework : XunitTestFramework
{
    /// <summary>Creates the framework (xunit calls this).</summary>
    /// <param name="messageSink">xunit's diagnostic sink.</param>
    public PostgreSqlTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgreSqlServer.SkipReason is not { } reason
                || !testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute)).Any()
                || !testMethod.Method.GetCustomAttributes(typeof(Xunit.FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var testCase = new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                "PostgreSQL is not available: " + reason);
            return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
        }
    }
}
