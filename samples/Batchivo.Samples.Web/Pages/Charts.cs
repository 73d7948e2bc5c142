using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Batchivo.Samples.Web.Pages;

/// <summary>One named series of a chart: a value per category (null where it has none).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);

/// <summary>
/// Charts drawn on the server as SVG: served by the app itself (no script, no CDN), printable, sharp at any size, and
/// readable by a screen reader through their title and the data table every chart page shows next to it. Each series
/// is a group marked <c>data-series</c>, each mark carries its value in <c>data-value</c>. Colours come from the
/// stylesheet (<c>.series-0</c> ...), so the light and dark themes both apply.
/// </summary>
public static class Charts
{
    /// <summary>The width of a chart across the page; a chart in a column is narrower, so its text stays readable.</summary>
    public const int Wide = 640;

    /// <summary>The width of a chart in a column of several.</summary>
    public const int Narrow = 360;

    private const int Height = 260;
    private const int Left = 56;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 44;

    /// <summary>Bars per category, the series side by side.</summary>
    public static HtmlString Bars(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit, int width = Wide) =>
        Draw(title, categories, series, unit, lines: false, width);

    /// <summary>A line per series across the categories (a gap where a value is missing).</summary>
    public static HtmlString Lines(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit, int width = Wide) =>
        Draw(title, categories, series, unit, lines: true, width);

    private static HtmlString Draw(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit, bool lines, int width)
    {
        var values = series.SelectMany(s => s.Values).OfType<decimal>().ToList();
        var counts = unit is not ("g" or "%");
        var max = values.Count == 0 ? 1m : Math.Max(values.Max(), 0m);

        // Counts step by whole numbers: a single run is not drawn against quarter runs.
        max = counts ? Math.Max(max, 4m) : max;
        var min = values.Count == 0 ? 0m : Math.Min(values.Min(), 0m);
        (min, max) = Nice(min, max);
        var plotW = width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Y(decimal v) => Top + (double)((max - v) / (max - min)) * plotH;
        var step = categories.Count == 0 ? plotW : (double)plotW / categories.Count;

        var svg = new StringBuilder();
        var id = "chart-" + Guid.NewGuid().ToString("N")[..8];
        svg.Append(CultureInfo.InvariantCulture, $"<div class=\"chart-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"{Encode(title)}\"><svg class=\"chart{(width >= Wide ? " wide" : string.Empty)}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-labelledby=\"{id}\" data-chart=\"{Encode(title)}\"><title id=\"{id}\">{Encode(title)}</title>");

        // Grid and axis labels: five steps from the lowest to the highest value.
        for (var i = 0; i <= 4; i++)
        {
            var v = min + ((max - min) * i / 4m);
            var y = Y(v);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Encode(Label(v, unit))}</text>");
        }

        var every = categories.Count <= 12 ? 1 : Math.Max(1, (int)Math.Ceiling(categories.Count / (width / 80.0)));
        for (var c = 0; c < categories.Count; c += every)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left + (step * (c + 0.5)):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{Encode(categories[c])}</text>");
        }

        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"series-{s % 6}\" data-series=\"{Encode(series[s].Name)}\">");
            if (lines)
            {
                var path = new StringBuilder();
                var pen = false;
                for (var c = 0; c < categories.Count && c < series[s].Values.Count; c++)
                {
                    if (series[s].Values[c] is not { } v)
                    {
                        pen = false;
                        continue;
                    }

                    path.Append(CultureInfo.InvariantCulture, $"{(pen ? 'L' : 'M')}{Left + (step * (c + 0.5)):0.#},{Y(v):0.#} ");
                    pen = true;
                }

                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\"/>");
                for (var c = 0; c < categories.Count && c < series[s].Values.Count; c++)
                {
                    if (series[s].Values[c] is { } v)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Left + (step * (c + 0.5)):0.#}\" cy=\"{Y(v):0.#}\" r=\"3\" data-value=\"{v}\"><title>{Encode(categories[c])}: {Encode(Tip(v, unit))}</title></circle>");
                    }
                }
            }
            else
            {
                var bar = step * 0.8 / Math.Max(1, series.Count);
                for (var c = 0; c < categories.Count && c < series[s].Values.Count; c++)
                {
                    if (series[s].Values[c] is not { } v)
                    {
                        continue;
                    }

                    var x = Left + (step * c) + (step * 0.1) + (bar * s);
                    var y0 = Y(Math.Max(v, 0m));
                    var h = Math.Max(Math.Abs(Y(v) - Y(0m)), v == 0m ? 0 : 1);
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y0:0.#}\" width=\"{bar:0.#}\" height=\"{h:0.#}\" data-value=\"{v}\"><title>{Encode(categories[c])} · {Encode(series[s].Name)}: {Encode(Tip(v, unit))}</title></rect>");
                }
            }

            svg.Append("</g>");
        }

        // The legend, under the axis.
        var lx = Left;
        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"series-{s % 6} legend\"><rect x=\"{lx}\" y=\"{Height - 14}\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"{lx + 14}\" y=\"{Height - 5}\">{Encode(series[s].Name)}</text></g>");
            lx += 24 + (series[s].Name.Length * 7);
        }

        svg.Append("</svg></div>");
        return new HtmlString(svg.ToString());
    }

    // An axis from a round number to a round number.
    private static (decimal Min, decimal Max) Nice(decimal min, decimal max)
    {
        if (max == min)
        {
            return (min, min + 1m);
        }

        var range = (double)(max - min);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(range / 4)));
        var unit = (decimal)(new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(f => f * 4 >= range / 1.0001));
        return (Math.Floor(min / unit) * unit, Math.Ceiling(max / unit) * unit);
    }

    private static string Label(decimal value, string unit) => unit switch
    {
        "g" => Show.Grams(value),
        "%" => Show.Percent(value),
        _ => value.ToString("#,0.##", CultureInfo.CurrentCulture),
    };

    // A mark's own label: its value with the unit (the axis leaves counts' unit to the title).
    private static string Tip(decimal value, string unit) => unit is "g" or "%" or "" ? Label(value, unit) : $"{Label(value, unit)} {unit}";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
