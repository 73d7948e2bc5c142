using System.Collections;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>
/// The child rows of a run (items, their BOM lines, spool assignments) as stored, with copies of their values, for a
/// run whose own row was attached from the row cache: after the change set is applied, only the rows it added,
/// changed or removed are tracked, so that a commit that changes the run's own row (a completion) tracks one entity
/// instead of the whole graph.
/// </summary>
internal sealed class RunChildren
{
    private readonly List<(RunItemRow Row, RunItemRow Stored)> _items = [];
    private readonly List<(RunItemBomRow Row, RunItemBomRow Stored)> _bom = [];
    private readonly List<(RunMaterialRow Row, RunMaterialRow Stored)> _materials = [];

    private RunChildren()
    {
    }

    /// <summary>Copies the values of the run's child rows before anything changes them.</summary>
    /// <param name="run">The run's rows as stored.</param>
    /// <returns>The children.</returns>
    public static RunChildren Of(RunRow run)
    {
        var children = new RunChildren();
        foreach (var item in run.Items)
        {
            children._items.Add((item, item.Copy()));
            foreach (var line in item.Bom)
            {
                children._bom.Add((line, line.Copy()));
            }
        }

        foreach (var material in run.Materials)
        {
            children._materials.Add((material, material.Copy()));
        }

        return children;
    }

    /// <summary>Tracks the child rows the change set added (as added), changed (as modified) and removed (as deleted).</summary>
    /// <param name="db">The context the run's own row is tracked in.</param>
    /// <param name="run">The run's rows, with the change set applied.</param>
    public void Track(BatchivoDbContext db, RunRow run)
    {
        var (items, bom, materials) = Now(run);
        Track(db, _items, items);
        Track(db, _bom, bom);
        Track(db, _materials, materials);
    }

    /// <summary>Lists the child rows the change set added (as inserts) and changed (with their stored copies).</summary>
    /// <param name="run">The run's rows, with the change set applied.</param>
    /// <param name="writes">Where to add them.</param>
    /// <returns>False when the change set removed child rows (which only a context can delete in order).</returns>
    public bool Collect(RunRow run, List<RowWrite> writes)
    {
        var (items, bom, materials) = Now(run);
        return Collect(_items, items, writes) && Collect(_bom, bom, writes) && Collect(_materials, materials, writes);
    }

    /// <summary>The run's child rows now, by reference.</summary>
    private static (HashSet<object> Items, HashSet<object> Bom, HashSet<object> Materials) Now(RunRow run) => (
        new HashSet<object>(run.Items, ReferenceEqualityComparer.Instance),
        new HashSet<object>(run.Items.SelectMany(i => i.Bom), ReferenceEqualityComparer.Instance),
        new HashSet<object>(run.Materials, ReferenceEqualityComparer.Instance));

    private static bool Collect<TRow>(List<(TRow Row, TRow Stored)> before, HashSet<object> now, List<RowWrite> writes)
        where TRow : class
    {
        foreach (var (row, stored) in before)
        {
            if (!now.Remove(row))
            {
                return false;
            }

            if (!RowValues<TRow>.Equal(row, stored))
            {
                writes.Add(new RowWrite(row, stored));
            }
        }

        foreach (var row in now)
        {
            writes.Add(new RowWrite(row, null));
        }

        return true;
    }

    private static void Track<TRow>(BatchivoDbContext db, List<(TRow Row, TRow Stored)> before, HashSet<object> now)
        where TRow : class
    {
        foreach (var (row, stored) in before)
        {
            if (!now.Remove(row))
            {
                db.Entry(row).State = EntityState.Deleted;
            }
            else if (!RowValues<TRow>.Equal(row, stored))
            {
                var entry = db.Entry(row);
                entry.State = EntityState.Unchanged;
                entry.OriginalValues.SetValues(stored);
            }
        }

        // What is left is new.
        foreach (var row in now)
        {
            db.Entry(row).State = EntityState.Added;
        }
    }

    /// <summary>Compares every column of two rows of one type (their properties other than navigation collections).</summary>
    private static class RowValues<TRow>
    {
        public static readonly Func<TRow, TRow, bool> Equal = Build();

        private static Func<TRow, TRow, bool> Build()
        {
            var a = Expression.Parameter(typeof(TRow), "a");
            var b = Expression.Parameter(typeof(TRow), "b");
            Expression body = Expression.Constant(true);
            foreach (var property in typeof(TRow).GetProperties())
            {
                if (!property.CanRead || !property.CanWrite || property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
                {
                    continue;
                }

                var comparer = typeof(EqualityComparer<>).MakeGenericType(property.PropertyType);
                var equals = Expression.Call(
                    Expression.Property(null, comparer.GetProperty(nameof(EqualityComparer<int>.Default))!),
                    comparer.GetMethod(nameof(EqualityComparer<int>.Equals), [property.PropertyType, property.PropertyType])!,
                    Expression.Property(a, property),
                    Expression.Property(b, property));
                body = Expression.AndAlso(body, equals);
            }

            return Expression.Lambda<Func<TRow, TRow, bool>>(body, a, b).Compile();
        }
    }
}
