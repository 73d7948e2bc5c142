using System.CommandLine;
using System.Globalization;
using Batchivo.Devices;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`run weigh before|after RUN SPOOL`: a spool's weight from a configured scale (shown live until stable) or typed.</summary>
internal static class WeighCommands
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

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
            var (mass, scaleName) = (p.GetValue(grams), p.GetValue(scale)) switch
            {
                ({ } g, null) => (Mass.FromGrams(g), null),
                (null, { } name) => (await ReadAsync(s, run, code, name, TimeSpan.FromSeconds((double)Math.Clamp(p.GetValue(timeout), 0.1m, 600m)), ct), name),
                (null, null) => throw new InputException($"Say where the weight {when} comes from: --scale NAME to read a configured scale (configured: {List(s.Devices.ScaleNames)}), or --grams G to type it."),
                _ => throw new InputException("Give either --grams or --scale, not both."),
            };
            var recorded = when == "before"
                ? await s.Production.RecordWeightBeforeAsync(run, code, mass, ct)
                : await s.Production.RecordWeightAfterAsync(run, code, mass, ct);
            var material = recorded.Materials.First(m => string.Equals(m.SpoolCode, code.Trim(), StringComparison.OrdinalIgnoreCase));
            s.Emit(
                new WeighingJson(run, material.SpoolCode, when, Shapes.G(mass), scaleName is null ? "typed" : "scale", scaleName, Shapes.Run(recorded)),
                c => c.MarkupLineInterpolated($"Run #{run}: {material.SpoolCode} weighs {mass.ToReportString()} {when}{(scaleName is null ? " (typed)" : $" (scale {scaleName}, stable)")}."));
        });
        return command;
    }

    /// <summary>Reads the scale until it is stable, showing each reading; the run and spool are checked first so nobody waits for nothing.</summary>
    private static async Task<Mass> ReadAsync(Session s, int run, string code, string name, TimeSpan timeout, CancellationToken ct)
    {
        await s.Production.GetRunAsync(run, ct);
        await s.Production.GetSpoolAsync(code, ct);
        if (!s.Devices.ScaleNames.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new InputException($"There is no scale '{name}'. Configured scales: {List(s.Devices.ScaleNames)}. Add it under Batchivo:Scales in appsettings.json, or type the weight with --grams.");
        }

        var device = s.Devices.GetScale(name.Trim());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        ScaleReading? last = null;
        async Task<ScaleReading> Loop(Action<ScaleReading> show)
        {
            try
            {
                while (true)
                {
                    var reading = await device.ReadAsync(deadline.Token);
                    show(reading);
                    last = reading;
                    if (reading.IsStable)
                    {
                        return reading;
                    }

                    await Task.Delay(Poll, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ScaleException(ScaleFault.NotStable, $"Scale {name} did not settle within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (last reading {(last is null ? "none" : last.Mass.ToString())}); nothing was recorded. Keep the spool still and weigh again, or allow longer with --timeout.");
            }
        }

        ScaleReading stable;
        if (s.Json)
        {
            stable = await Loop(_ => { });
        }
        else if (s.Console.Profile.Capabilities.Interactive)
        {
            stable = await s.Console.Status().Spinner(Spinner.Known.Dots).StartAsync($"{Markup.Escape(code)} on scale {Markup.Escape(name)}: waiting…", ctx =>
                Loop(r => ctx.Status($"{Markup.Escape(code)} on scale {Markup.Escape(name)}: {r.Mass}{(r.IsStable ? " stable" : " settling…")}")));
        }
        else
        {
            // Not a terminal (a pipe, a log): one line per reading instead of a redrawn status line.
            stable = await Loop(r => s.Console.WriteLine($"  {code} on scale {name}: {r.Mass}{(r.IsStable ? " stable" : " settling")}"));
        }

        return stable.Mass;
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
