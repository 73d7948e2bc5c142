using System.CommandLine;
using Batchivo.Devices;
using Batchivo.Production;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`run weigh before|after RUN SPOOL`: a spool's weight from a configured scale (shown live until stable) or typed.</summary>
internal static class WeighCommands
{
    public static Command Create(Argument<int> number, Argument<string> spool) => new("weigh", "Record a spool's weight before or after printing, from a scale or typed.")
    {
        One("before", "Record a spool's weight before printing (draft run).", number, spool),
        One("after", "Record a spool's weight after printing (run in progress).", number, spool),
    };

    private static Command One(string when, string description, Argument<int> number, Argument<string> spool)
    {
        var grams = new Option<decimal?>("--grams") { Description = "The gross weight typed in, grams (no scale)." };
        var scale = new Option<string?>("--scale") { Description = "Read the weight from this configured scale (see appsettings.json Batchivo:Scales), e.g. bench." };
        var timeout = new Option<decimal>("--timeout") { Description = "Seconds to wait for a stable reading.", DefaultValueFactory = _ => 10m };
        var command = new Command(when, description) { number, spool, grams, scale, timeout };
        Cli.Run(command, async (p, s, ct) =>
        {
            var run = p.GetValue(number);
            var code = p.GetValue(spool)!;
            var (recorded, mass, scaleName) = (p.GetValue(grams), p.GetValue(scale)) switch
            {
                ({ } g, null) => await Retry.OnConflictAsync(t => TypedAsync(s, when, run, code, Mass.FromGrams(g), t), ct),
                (null, { } name) => await FromScaleAsync(s, when, run, code, name, Seconds(p.GetValue(timeout)), ct),
                (null, null) => throw new InputException($"Say where the weight {when} comes from: --scale NAME to read a configured scale (configured: {List(s.Devices.ScaleNames)}), or --grams G to type it."),
                _ => throw new InputException("Give either --grams or --scale, not both."),
            };
            var material = recorded.Materials.First(m => string.Equals(m.SpoolCode, code.Trim(), StringComparison.OrdinalIgnoreCase));
            // A weighing below the spool's tare is stored (the scale said so) but means the tare or the weighing is wrong.
            var warnings = (await s.Production.Runs.PreflightAsync(run, ct))
                .Where(w => w.Kind == PreflightWarningKind.BelowTare && w.When == when && string.Equals(w.SpoolCode, material.SpoolCode, StringComparison.OrdinalIgnoreCase))
                .Select(w => w.Message).ToList();
            s.Emit(
                new WeighingJson(run, material.SpoolCode, when, Shapes.G(mass), scaleName is null ? "typed" : "scale", scaleName, Shapes.Run(recorded), warnings),
                c =>
                {
                    c.MarkupLineInterpolated($"Run #{run}: {material.SpoolCode} weighs {mass.ToReportString()} {when}{(scaleName is null ? " (typed)" : $" (scale {scaleName}, stable)")}.");
                    foreach (var warning in warnings)
                    {
                        c.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
                    }
                });
        });
        return command;
    }

    private static async Task<(ProductionRun Run, Mass Mass, string? Scale)> TypedAsync(Session s, string when, int run, string code, Mass mass, CancellationToken ct)
    {
        var recorded = when == "before"
            ? await s.Production.Weighing.RecordWeightBeforeAsync(run, code, mass, ct)
            : await s.Production.Weighing.RecordWeightAfterAsync(run, code, mass, ct);
        return (recorded, mass, null);
    }

    /// <summary>
    /// Weighs through the service (which checks the run and spool first, reads until stable and records), showing each
    /// reading: redrawn in place at a terminal, one line each in a pipe, nothing with --json.
    /// </summary>
    private static async Task<(ProductionRun Run, Mass Mass, string? Scale)> FromScaleAsync(Session s, string when, int run, string code, string name, TimeSpan timeout, CancellationToken ct)
    {
        name = name.Trim();
        if (!s.Devices.ScaleNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new InputException($"There is no scale '{name}'. Configured scales: {List(s.Devices.ScaleNames)}. Add it under Batchivo:Scales in appsettings.json, or type the weight with --grams.");
        }

        ScaleReading? stable = null;
        async Task<ProductionRun> WeighAsync(Action<ScaleReading> show)
        {
            var progress = new Shown(r =>
            {
                show(r);
                stable = r.IsStable ? r : stable;
            });
            return when == "before"
                ? await s.Production.Weighing.WeighAsync(run, code, WeighingPoint.Before, ScaleSource.Named(name, timeout, progress), ct)
                : await s.Production.Weighing.WeighAsync(run, code, WeighingPoint.After, ScaleSource.Named(name, timeout, progress), ct);
        }

        ProductionRun recorded;
        try
        {
            if (s.Json)
            {
                recorded = await WeighAsync(_ => { });
            }
            else if (s.Console.Profile.Capabilities.Interactive)
            {
                recorded = await s.Console.Status().Spinner(Spinner.Known.Dots).StartAsync($"{Markup.Escape(code)} on scale {Markup.Escape(name)}: waiting…", ctx =>
                    WeighAsync(r => ctx.Status($"{Markup.Escape(code)} on scale {Markup.Escape(name)}: {r.Mass}{(r.IsStable ? " stable" : " settling…")}")));
            }
            else
            {
                // Not a terminal (a pipe, a log): one line per reading instead of a redrawn status line.
                recorded = await WeighAsync(r => s.Console.WriteLine($"  {code} on scale {name}: {r.Mass}{(r.IsStable ? " stable" : " settling")}"));
            }
        }
        catch (ConcurrencyConflictException) when (stable is { } reading)
        {
            // The spool was weighed and someone else wrote first: record the same stable reading again (no second read of the scale).
            recorded = (await Retry.OnConflictAsync(t => TypedAsync(s, when, run, code, reading.Mass, t), ct)).Run;
        }

        return (recorded, stable!.Mass, name);
    }

    /// <summary>The --timeout seconds as a duration: more than 0 and at most 600.</summary>
    private static TimeSpan Seconds(decimal seconds) => seconds is > 0m and <= 600m
        ? TimeSpan.FromSeconds((double)seconds)
        : throw new InputException($"--timeout must be more than 0 and at most 600 seconds, e.g. --timeout 10; {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} was given.");

    /// <summary>Shows a reading as soon as it is read (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class Shown(Action<ScaleReading> show) : IProgress<ScaleReading>
    {
        public void Report(ScaleReading value) => show(value);
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
