namespace Batchivo.Storage.EntityFrameworkCore;

/// <summary>
/// Rows as this store last read or wrote them, by id and version, so that a commit of an entity at that version can
/// attach them as the stored values instead of reading them first. Bounded: the least recently kept go first.
/// </summary>
/// <remarks>
/// <para>A kept row is exactly what the database held at its version, because every write of an entity raises its
/// version. If another writer (another store, host or process) changed the row meanwhile, the commit's
/// <c>UPDATE ... WHERE Version = @read</c> touches nothing and the commit is refused as a concurrency conflict, as it
/// would be after a read: a kept row never causes a lost update.</para>
/// <para>Thread-safe. <see cref="Take"/> removes what it returns, so one commit at a time owns (and may change) a
/// kept row; a commit that fails keeps nothing, and the next one reads from the database.</para>
/// </remarks>
/// <typeparam name="T">What is kept per entity.</typeparam>
internal sealed class RowCache<T>
    where T : class
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<(Guid Id, long Version, T Value)>> _entries = [];
    private readonly LinkedList<(Guid Id, long Version, T Value)> _order = new();

    /// <summary>Creates a cache.</summary>
    /// <param name="capacity">How many entities it keeps at most.</param>
    public RowCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>How many entities are kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Keeps the rows of an entity at a version, replacing what was kept for it.</summary>
    /// <param name="id">The entity.</param>
    /// <param name="version">The version the rows hold.</param>
    /// <param name="value">The rows; nobody else may change them from now on.</param>
    public void Keep(Guid id, long version, T value)
    {
        lock (_lock)
        {
            if (_entries.Remove(id, out var old))
            {
                _order.Remove(old);
            }

            _entries[id] = _order.AddLast((id, version, value));
            if (_entries.Count > _capacity)
            {
                _entries.Remove(_order.First!.Value.Id);
                _order.RemoveFirst();
            }
        }
    }

    /// <summary>Removes and returns the rows of an entity if they are kept at exactly this version.</summary>
    /// <param name="id">The entity.</param>
    /// <param name="version">The version the caller read the entity at.</param>
    /// <returns>The rows, now the caller's, or null.</returns>
    public T? Take(Guid id, long version)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var node) || node.Value.Version != version)
            {
                return null;
            }

            _entries.Remove(id);
            _order.Remove(node);
            return node.Value.Value;
        }
    }
}
