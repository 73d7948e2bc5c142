// Test classes marked [RequiresPostgreSql] (the conformance kit's inherited tests among them) are reported skipped,
// with the reason, where no PostgreSQL server is available, except under CI (BATCHIVO_CI=1).
[assembly: TestFramework("Batchivo.Testing.Storage.PostgreSqlTestFramework", "Batchivo.Testing")]
