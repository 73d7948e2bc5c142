using Microsoft.Net.Http.Headers;

namespace Batchivo.Samples.Web.Api;

/// <summary>Pages of lists: <c>?page=1&amp;pageSize=50</c>, pages counted from 1, at most <see cref="MaxPageSize"/> items.</summary>
internal static class Paging
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 500;

    /// <summary>The page's skip and take (one more than the page, to know whether another page follows).</summary>
    /// <exception cref="BadRequestException">The page or page size is out of range.</exception>
    public static (int Page, int Size, int Skip) Window(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1 || p > 1_000_000)
        {
            throw new BadRequestException("page", $"page must be from 1 to 1000000; {p} was given.");
        }

        if (size is < 1 or > MaxPageSize)
        {
            throw new BadRequestException("pageSize", $"pageSize must be from 1 to {MaxPageSize}; {size} was given.");
        }

        return (p, size, (p - 1) * size);
    }

    /// <summary>One page of a list that is already in memory.</summary>
    public static PageJson<T> Page<T>(IEnumerable<T> items, int? page, int? pageSize)
    {
        var (p, size, skip) = Window(page, pageSize);
        var window = items.Skip(skip).Take(size + 1).ToList();
        return From(window, p, size);
    }

    /// <summary>A page from a window read with one item more than the page.</summary>
    public static PageJson<T> From<T>(IReadOnlyList<T> window, int page, int size) =>
        new([.. window.Take(size)], page, size, window.Count > size);
}

/// <summary>
/// Entity tags of runs and spools: their store version. A write that sends <c>If-Match</c> with an older tag is refused
/// with 412 and nothing is stored (see <see cref="Batchivo.Production.RunRef"/>).
/// </summary>
internal static class ETags
{
    public static string Of(long version) => $"\"{version}\"";

    public static void Set(HttpContext http, long version) => http.Response.Headers[HeaderNames.ETag] = Of(version);

    /// <summary>
    /// The version the request's <c>If-Match</c> names: null without one or with <c>*</c>; a tag that is no version of
    /// ours (or several tags) can match no run, so it is -1 and the write gets 412.
    /// </summary>
    public static long? ExpectedVersion(HttpContext http)
    {
        var ifMatch = http.Request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (ifMatch.Length == 0 || ifMatch == "*")
        {
            return null;
        }

        var tag = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && long.TryParse(tag[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }

    /// <summary>Whether the request names a version with <c>If-Match</c>.</summary>
    public static bool HasPrecondition(HttpContext http) => http.Request.Headers.IfMatch.Count > 0;
}
