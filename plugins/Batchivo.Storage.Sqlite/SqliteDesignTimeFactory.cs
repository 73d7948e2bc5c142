using Batchivo.Storage.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Batchivo.Storage.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> and <c>dotnet ef dbcontext optimize</c> build the context (and its model) with the SQLite provider.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<BatchivoDbContext>
{
    public BatchivoDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<BatchivoDbContext>();
        SqliteStoreProvider.ForFile(Path.Combine(Path.GetTempPath(), "batchivo-design.db")).ConfigureDbContext(builder, compiledModel: false);
        return new BatchivoDbContext(builder.Options);
    }
}
