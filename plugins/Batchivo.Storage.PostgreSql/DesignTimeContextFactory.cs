using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Batchivo.Storage.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL; no database is contacted.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<BatchivoDbContext>
{
    public BatchivoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BatchivoDbContext>();
        new PostgreSqlStoreProvider("Host=localhost;Database=batchivo_design").ConfigureDbContext(options);
        return new BatchivoDbContext(options.Options);
    }
}
