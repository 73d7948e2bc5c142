using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>
/// Writes rows as inserts and updates, one EF Core relational command per row, for providers whose <c>SaveChanges</c>
/// sends a command per row anyway (<see cref="EfStoreProvider.SendsOneCommandPerRow"/>): what a context tracks, or
/// rows it does not track whose stored values are known (the row cache's).
/// </summary>
/// <remarks>
/// <para>Everything comes from the EF Core model and services: tables, columns and their type mappings (with the
/// value converters) from the model, identifiers and parameter names from the provider's
/// <see cref="ISqlGenerationHelper"/>, and the commands run through EF Core's command pipeline on the context's
/// connection and transaction, so interceptors, logging and diagnostics see them as they see <c>SaveChanges</c>'.</para>
/// <para>An update sets the modified columns (by the properties' value comparers, as EF Core detects changes) and is
/// version-checked like <c>SaveChanges</c>' (its key and concurrency tokens at their stored values); one that touches
/// no row raises <see cref="StaleRowException"/>, and a database error raises <see cref="DbUpdateException"/> with the
/// row's entry, as <c>SaveChanges</c> would.</para>
/// <para>It writes only what needs none of <c>SaveChanges</c>' ordering: updates that change no key, unique index or
/// foreign key (first, so that a stale row stops the write before anything else is sent), then inserts, principal
/// tables first. Deletions, inserts with generated values and moved keys are left to <c>SaveChanges</c> (the writer
/// returns false before writing anything). The commands are built once per table and
/// set of columns and reused. Thread-safe.</para>
/// </remarks>
internal sealed class CommandWriter
{
    private readonly ConcurrentDictionary<(IEntityType Type, bool Insert, ulong Columns), Planned> _commands = new();
    private readonly ConcurrentDictionary<IEntityType, TableInfo?> _tables = new();
    private IReadOnlyDictionary<IEntityType, int>? _insertOrder;

    /// <summary>Writes the context's tracked inserts and updates, if it can write all of them.</summary>
    /// <param name="db">The context, changes detected, in the transaction to write in.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False, with nothing written, when the tracked changes need <c>SaveChanges</c>.</returns>
    /// <exception cref="StaleRowException">An update touched no row: the row changed since it was read.</exception>
    /// <exception cref="DbUpdateException">The database refused a row.</exception>
    public async Task<bool> TryWriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        var writes = new List<PendingWrite>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var insert = entry.State == EntityState.Added;
            if (entry.State is not (EntityState.Added or EntityState.Modified) || Table(entry.Metadata) is not { } table
                || !TryChoose(table, insert, c => entry.Property(c.Property).IsTemporary, c => entry.Property(c.Property).IsModified, out var columns))
            {
                return false;
            }

            if (columns != 0)
            {
                writes.Add(new PendingWrite(table, insert, columns, entry.Entity, (c, original) => original ? entry.Property(c.Property).OriginalValue : entry.Property(c.Property).CurrentValue, () => entry));
            }
        }

        await WriteAsync(db, writes, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Writes rows the context does not track: inserts of new rows, and updates of rows whose values as stored are
    /// known (the row cache's), of the columns that differ from them.
    /// </summary>
    /// <param name="db">The context, in the transaction to write in.</param>
    /// <param name="rows">The rows: with <see cref="RowWrite.Stored"/> null, an insert.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False, with nothing written, when a row moves a key or unique index (left to <c>SaveChanges</c>).</returns>
    /// <exception cref="StaleRowException">An update touched no row: the row changed since it was read.</exception>
    /// <exception cref="DbUpdateException">The database refused a row.</exception>
    public async Task<bool> TryWriteAsync(DbContext db, List<RowWrite> rows, CancellationToken cancellationToken)
    {
        var writes = new List<PendingWrite>(rows.Count);
        foreach (var (row, stored) in rows)
        {
            if (db.Model.FindEntityType(row.GetType()) is not { } type || Table(type) is not { } table
                || !TryChoose(table, stored is null, _ => true, c => !c.Comparer.Equals(c.Getter.GetClrValue(stored!), c.Getter.GetClrValue(row)), out var columns))
            {
                return false;
            }

            if (columns != 0)
            {
                writes.Add(new PendingWrite(table, stored is null, columns, row, (c, original) => c.Getter.GetClrValue(original ? stored! : row), () => db.Entry(row)));
            }
        }

        await WriteAsync(db, writes, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The columns a row's command writes: all of an insert's, an update's changed ones. False when the row needs
    /// <c>SaveChanges</c>: an insert whose store must generate a value, an update that moves a key, unique index or
    /// foreign key.
    /// </summary>
    private static bool TryChoose(TableInfo table, bool insert, Func<ColumnInfo, bool> unset, Func<ColumnInfo, bool> changed, out ulong columns)
    {
        columns = 0;
        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            if (insert)
            {
                if (column.Property.ValueGenerated != ValueGenerated.Never && unset(column))
                {
                    return false;
                }
            }
            else if (!changed(column))
            {
                continue;
            }
            else if (column.Fixed)
            {
                return false;
            }

            columns |= 1UL << i;
        }

        return true;
    }

    /// <summary>
    /// The version-checked updates first, so that a stale row is found before anything else is written (they change no
    /// key or foreign key); then the inserts, principal tables before their dependents.
    /// </summary>
    private async Task WriteAsync(DbContext db, List<PendingWrite> writes, CancellationToken cancellationToken)
    {
        var order = _insertOrder ??= InsertOrder(db.Model);
        var connection = db.GetService<IRelationalConnection>();
        var logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
        foreach (var write in writes.Select((w, i) => (w, i)).OrderBy(x => x.w.Insert ? 1 + order[x.w.Table.Type] : 0).ThenBy(x => x.i).Select(x => x.w))
        {
            await ExecuteAsync(db, connection, logger, write, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(DbContext db, IRelationalConnection connection, IRelationalCommandDiagnosticsLogger logger, PendingWrite write, CancellationToken cancellationToken)
    {
        var (table, insert, columns, entity, value, entry) = write;
        var planned = _commands.GetOrAdd((table.Type, insert, columns), key => Plan(db, table, key.Insert, key.Columns));
        var values = new Dictionary<string, object?>(planned.Parameters.Length);
        foreach (var (name, column, original) in planned.Parameters)
        {
            values[name] = value(column, original);
        }

        int rows;
        try
        {
            rows = await planned.Command.ExecuteNonQueryAsync(new RelationalCommandParameterObject(connection, values, null, db, logger), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"The database refused a row of {table.Name}: {e.Message}", e, [entry()]);
        }

        if (rows != 1)
        {
            throw new StaleRowException(entity, $"The row of {table.Name} was changed or removed since it was read ({rows} rows written instead of 1).");
        }
    }

    private TableInfo? Table(IEntityType type) => _tables.GetOrAdd(type, static t =>
    {
        if (t.GetTableName() is not { } name || t.IsOwned() || t.GetProperties().Count() > 64)
        {
            return null;
        }

        var table = StoreObjectIdentifier.Table(name, t.GetSchema());
        var key = t.FindPrimaryKey()!.Properties;
        var unique = t.GetIndexes().Where(i => i.IsUnique).SelectMany(i => i.Properties).ToHashSet();
        var foreign = t.GetForeignKeys().SelectMany(f => f.Properties).ToHashSet();
        var columns = t.GetProperties()
            .Select(p => p.GetColumnName(table) is { } column ? new ColumnInfo(p, column, key.Contains(p), key.Contains(p) || unique.Contains(p) || foreign.Contains(p), p.IsConcurrencyToken, p.GetGetter(), p.GetValueComparer()) : null)
            .ToArray();
        return columns.Any(c => c is null) || t.GetTableMappings().Count() != 1 ? null : new TableInfo(t, name, t.GetSchema(), columns!);
    });

    private static Planned Plan(DbContext db, TableInfo table, bool insert, ulong columns)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create();
        var parameters = new List<(string Name, ColumnInfo Column, bool Original)>();
        string Parameter(ColumnInfo column, bool original)
        {
            var name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, column, original));
            var mapping = column.Property.GetRelationalTypeMapping();
            builder.AddParameter(name, sql.GenerateParameterName(name), mapping, column.Property.IsNullable);
            return sql.GenerateParameterNamePlaceholder(name);
        }

        var text = new StringBuilder();
        var chosen = table.Columns.Where((_, i) => (columns & (1UL << i)) != 0).ToList();
        if (insert)
        {
            text.Append("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (")
                .AppendJoin(", ", chosen.Select(c => sql.DelimitIdentifier(c.Name))).Append(") VALUES (")
                .AppendJoin(", ", chosen.Select(c => Parameter(c, original: false))).Append(')');
        }
        else
        {
            text.Append("UPDATE ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" SET ")
                .AppendJoin(", ", chosen.Select(c => sql.DelimitIdentifier(c.Name) + " = " + Parameter(c, original: false))).Append(" WHERE ")
                .AppendJoin(" AND ", table.Columns.Where(c => c.Key || c.Token).Select(c => sql.DelimitIdentifier(c.Name) + " = " + Parameter(c, original: true)));
        }

        text.Append(sql.StatementTerminator);
        builder.Append(text.ToString());
        return new Planned(builder.Build(), [.. parameters]);
    }

    /// <summary>Entity types ranked so that every principal comes before the types that refer to it.</summary>
    private static Dictionary<IEntityType, int> InsertOrder(IModel model)
    {
        var order = new Dictionary<IEntityType, int>();
        var types = model.GetEntityTypes().ToList();
        int Rank(IEntityType type, int depth)
        {
            if (order.TryGetValue(type, out var known))
            {
                return known;
            }

            // The model has no cycles of foreign keys; a deeper chain than there are types would be one.
            if (depth > types.Count)
            {
                throw new InvalidOperationException($"The foreign keys of {type.DisplayName()} form a cycle.");
            }

            var rank = type.GetForeignKeys().Where(f => f.PrincipalEntityType != type)
                .Select(f => Rank(f.PrincipalEntityType, depth + 1) + 1).DefaultIfEmpty(0).Max();
            order[type] = rank;
            return rank;
        }

        foreach (var type in types)
        {
            Rank(type, 0);
        }

        return order;
    }

    /// <summary>A column; <paramref name="Fixed"/> when it is part of the key, a unique index or a foreign key, which only <c>SaveChanges</c> can move in order.</summary>
    private sealed record ColumnInfo(IProperty Property, string Name, bool Key, bool Fixed, bool Token, IClrPropertyGetter Getter, ValueComparer Comparer);

    private sealed record TableInfo(IEntityType Type, string Name, string? Schema, ColumnInfo[] Columns);

    /// <summary>A row to write: its table, insert or update, the columns, and where its values (current or stored) come from.</summary>
    private sealed record PendingWrite(TableInfo Table, bool Insert, ulong Columns, object Entity, Func<ColumnInfo, bool, object?> Value, Func<EntityEntry> Entry);

    private sealed record Planned(IRelationalCommand Command, (string Name, ColumnInfo Column, bool Original)[] Parameters);
}

/// <summary>A row for <see cref="CommandWriter"/> to write that the context does not track.</summary>
/// <param name="Row">The row, with the values to store.</param>
/// <param name="Stored">A copy of the row as stored (its key and version are checked, and only the columns that differ from it are written), or null to insert the row.</param>
internal readonly record struct RowWrite(object Row, object? Stored);

/// <summary>An update of <see cref="CommandWriter"/> touched no row: the row was changed or removed since it was read.</summary>
/// <param name="entity">The row's entity.</param>
/// <param name="message">What happened.</param>
internal sealed class StaleRowException(object entity, string message) : Exception(message)
{
    /// <summary>The row's entity.</summary>
    public object Entity { get; } = entity;
}
