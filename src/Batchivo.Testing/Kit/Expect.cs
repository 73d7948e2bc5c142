using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Batchivo.Testing;

/// <summary>
/// The kit's own assertions: each failure is a <see cref="ConformanceException"/>, so the kit needs no test
/// framework and never clashes with the author's <c>Assert</c>.
/// </summary>
internal static class Expect
{
    public static void True([DoesNotReturnIf(false)] bool condition, string? message = null)
    {
        if (!condition)
        {
            throw new ConformanceException(message ?? "Expected true, got false.");
        }
    }

    public static void False([DoesNotReturnIf(true)] bool condition, string? message = null)
    {
        if (condition)
        {
            throw new ConformanceException(message ?? "Expected false, got true.");
        }
    }

    [DoesNotReturn]
    public static void Fail(string message) => throw new ConformanceException(message);

    public static void NotNull([NotNull] object? value)
    {
        if (value is null)
        {
            throw new ConformanceException("Expected a value, got null.");
        }
    }

    public static void Null(object? value)
    {
        if (value is not null)
        {
            throw new ConformanceException($"Expected null, got {Show(value)}.");
        }
    }

    public static void Equal<T>(T expected, T actual)
    {
        if (!Same(expected, actual))
        {
            throw new ConformanceException($"Expected {Show(expected)}, got {Show(actual)}.");
        }
    }

    public static void Equal<T>(IEnumerable<T> expected, IEnumerable<T> actual) => Equal<object>(expected, actual);

    public static void NotEqual<T>(T expected, T actual)
    {
        if (Same(expected, actual))
        {
            throw new ConformanceException($"Expected anything but {Show(expected)}.");
        }
    }

    public static void InRange<T>(T actual, T low, T high)
        where T : IComparable<T>
    {
        if (actual.CompareTo(low) < 0 || actual.CompareTo(high) > 0)
        {
            throw new ConformanceException($"Expected a value between {Show(low)} and {Show(high)}, got {Show(actual)}.");
        }
    }

    public static void EndsWith(string expected, string? actual, StringComparison comparison)
    {
        if (actual is null || !actual.EndsWith(expected, comparison))
        {
            throw new ConformanceException($"Expected a text ending with {Show(expected)}, got {Show(actual)}.");
        }
    }

    public static void Empty(IEnumerable collection)
    {
        var items = collection.Cast<object?>().ToList();
        if (items.Count != 0)
        {
            throw new ConformanceException($"Expected nothing, got {Show(items)}.");
        }
    }

    public static void NotEmpty(IEnumerable collection)
    {
        if (!collection.Cast<object?>().Any())
        {
            throw new ConformanceException("Expected at least one item, got none.");
        }
    }

    public static T Single<T>(IEnumerable<T> collection) => Single(collection, _ => true);

    public static T Single<T>(IEnumerable<T> collection, Predicate<T> match)
    {
        var found = collection.Where(i => match(i)).ToList();
        return found.Count == 1 ? found[0] : throw new ConformanceException($"Expected exactly one matching item, got {found.Count}: {Show(found)}.");
    }

    public static void Contains<T>(IEnumerable<T> collection, Predicate<T> match)
    {
        var items = collection.ToList();
        if (!items.Exists(match))
        {
            throw new ConformanceException($"Expected a matching item among {Show(items)}.");
        }
    }

    public static void All<T>(IEnumerable<T> collection, Action<T> check)
    {
        var index = 0;
        foreach (var item in collection)
        {
            try
            {
                check(item);
            }
            catch (ConformanceException e)
            {
                throw new ConformanceException($"Item {index} ({Show(item)}): {e.Message}", e);
            }

            index++;
        }
    }

    public static async Task<T> ThrowsAsync<T>(Func<Task> call)
        where T : Exception
    {
        var error = await Capture.ExceptionAsync(call).ConfigureAwait(false);
        return error?.GetType() == typeof(T)
            ? (T)error
            : throw new ConformanceException($"Expected {typeof(T).Name}, but {Outcome(error)}.", error!);
    }

    public static async Task<T> ThrowsAnyAsync<T>(Func<Task> call)
        where T : Exception
    {
        var error = await Capture.ExceptionAsync(call).ConfigureAwait(false);
        return error as T ?? throw new ConformanceException($"Expected {typeof(T).Name} or a subtype, but {Outcome(error)}.", error!);
    }

    private static string Outcome(Exception? error) => error is null ? "nothing was thrown" : $"{error.GetType().Name} was thrown: {error.Message}";

    // Records holding lists compare those by reference; sequences and dictionaries compare item by item, as xunit does.
    private static bool Same(object? expected, object? actual)
    {
        if (Equals(expected, actual))
        {
            return true;
        }

        if (expected is null || actual is null || expected is string || actual is string)
        {
            return false;
        }

        if (expected is IDictionary left && actual is IDictionary right)
        {
            return left.Count == right.Count && left.Keys.Cast<object>().All(k => right.Contains(k) && Same(left[k], right[k]));
        }

        if (expected is IEnumerable first && actual is IEnumerable second)
        {
            var a = first.Cast<object?>().ToList();
            var b = second.Cast<object?>().ToList();
            return a.Count == b.Count && a.Zip(b).All(p => Same(p.First, p.Second));
        }

        return false;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Take(20).Select(Show))}{(items.Cast<object?>().Skip(20).Any() ? ", ..." : "")}]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };
}

/// <summary>Captures what a call throws, to judge it.</summary>
internal static class Capture
{
    public static async Task<Exception?> ExceptionAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
