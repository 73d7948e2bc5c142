using System.CommandLine;
using System.Text.Json;
using Batchivo.Devices;
using Batchivo.Hosting.Printers;
using Batchivo.Production;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`printers`: the printers with a connection (Batchivo:Printers), their status, and watching their jobs.</summary>
internal static class PrinterCommands
{
    public static Command Create()
    {
        var list = new Command("list", "List the printers with a connection (Batchivo:Printers in appsettings.json or BATCHIVO__PRINTERS__N__* variables).");
        Cli.Read(list, (p, s, ct) =>
        {
            var printers = s.Devices.ConnectedPrinters.Select(s.Devices.GetPrinterConnection).ToList();
            s.Emit(printers.Select(x => new PrinterConnectionJson(x.PrinterName, x.Connector, Address(x), x.TrustedForUsage)).ToList(), c =>
            {
                if (printers.Count == 0)
                {
                    c.MarkupLine("No printer has a connection. Add one under Batchivo:Printers, e.g. BATCHIVO__PRINTERS__0__PRINTER=Voron, BATCHIVO__PRINTERS__0__CONNECTOR=moonraker, BATCHIVO__PRINTERS__0__SETTINGS__URL=http://voron.local:7125.");
                    return;
                }

                var table = new Table().AddColumns("Printer", "Connector", "Address", "Usage");
                foreach (var x in printers)
                {
                    table.AddRow(Markup.Escape(x.PrinterName), Markup.Escape(x.Connector), Markup.Escape(Address(x) ?? "-"), x.TrustedForUsage ? "trusted (no scale)" : "weighed");
                }

                c.Write(table);
            });
            return Task.CompletedTask;
        });

        var name = new Argument<string?>("printer") { Description = "One printer (default: every printer with a connection).", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "Ask each printer what it is doing, and which run follows its job. Exit code 1 when a printer cannot be asked.") { name };
        Cli.Read(status, async (p, s, ct) =>
        {
            var names = p.GetValue(name) is { } one ? [one] : s.Devices.ConnectedPrinters;
            var jobs = new PrinterJobService(s.Store);
            var rows = new List<PrinterStatusJson>();
            foreach (var printer in names)
            {
                var settings = s.Devices.GetPrinterConnection(printer);
                try
                {
                    var now = await s.Devices.GetPrinterConnector(printer).GetStatusAsync(ct);
                    var run = now.Job?.JobId is { } id ? await jobs.FindRunAsync(settings.PrinterName, id, ct) : null;
                    rows.Add(new PrinterStatusJson(settings.PrinterName, settings.Connector, now.Activity.ToString().ToLowerInvariant(), now.Job?.FileName, now.Job?.JobId, now.Job?.Progress, run?.Number, null));
                }
                catch (PrinterException ex)
                {
                    rows.Add(new PrinterStatusJson(settings.PrinterName, settings.Connector, "unreachable", null, null, null, null, ex.Message));
                }
            }

            s.Emit(rows, c =>
            {
                var table = new Table().AddColumns("Printer", "Connector", "State", "Job", "Progress", "Run");
                foreach (var r in rows)
                {
                    table.AddRow(
                        Markup.Escape(r.Printer),
                        Markup.Escape(r.Connector),
                        Markup.Escape(r.State),
                        Markup.Escape(r.Error ?? (r.File is null ? "-" : $"{r.File} (job {r.JobId ?? "?"})")),
                        r.Progress is { } progress ? $"{progress * 100:0}%" : "-",
                        r.Run is { } n ? $"#{n}" : "-");
                }

                c.Write(table);
            });
            if (rows.Any(r => r.Error is not null))
            {
                throw new PrinterException(PrinterFault.Unreachable, string.Join(" ", rows.Where(r => r.Error is not null).Select(r => r.Error)));
            }
        });

        var names = new Argument<string[]>("printers") { Description = "The printers to watch (default: every printer with a connection).", Arity = ArgumentArity.ZeroOrMore };
        var watch = new Command("watch", "Follow the printers' jobs until Ctrl+C (exit code 130): a job that starts takes the oldest draft run waiting for its printer (else a new run named after the file), a job that ends marks its run. One line per decision (one JSON object per line with --json).") { names };
        Cli.Run(watch, async (p, s, ct) =>
        {
            var chosen = p.GetValue(names) is { Length: > 0 } given ? given : null;
            if ((chosen ?? [.. s.Devices.ConnectedPrinters]).Length == 0)
            {
                throw new InputException("No printer has a connection to watch. Add one under Batchivo:Printers (see 'batchivo printers list').");
            }

            var tracker = new PrinterTracker(s.Devices, s.Store, s.Services.GetService(typeof(TimeProvider)) as TimeProvider, jobs: s.Services.GetService(typeof(PrinterJobService)) as PrinterJobService);
            var gate = new object();
            tracker.Notice += (_, n) =>
            {
                lock (gate)
                {
                    if (s.Json)
                    {
                        System.Console.Out.WriteLine(JsonSerializer.Serialize(new WatchJson(n.Printer, n.Event?.Kind.ToString().ToLowerInvariant(), n.Event?.JobId, n.Event?.FileName, n.Run?.Number, n.Run?.Status.ToString().ToLowerInvariant(), n.Message), Cli.JsonOptions));
                    }
                    else
                    {
                        s.Console.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss}[/] [bold]{n.Printer}[/]: {n.Message}");
                    }

                    System.Console.Out.Flush();
                }
            };
            if (!s.Json)
            {
                s.Console.MarkupLineInterpolated($"Watching {string.Join(", ", chosen ?? [.. s.Devices.ConnectedPrinters])}. Press Ctrl+C to stop.");
            }

            try
            {
                await tracker.WatchAsync(chosen, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        });

        return new Command("printers", "Printers with a connection: their status, and runs that open and close from their jobs.") { list, status, watch };
    }

    private static string? Address(PrinterConnectionSettings settings) => settings.Settings["Url"] ?? settings.Settings["Host"];

    private sealed record PrinterConnectionJson(string Printer, string Connector, string? Address, bool TrustedForUsage);

    private sealed record PrinterStatusJson(string Printer, string Connector, string State, string? File, string? JobId, decimal? Progress, int? Run, string? Error);

    private sealed record WatchJson(string Printer, string? Event, string? JobId, string? File, int? Run, string? RunStatus, string Message);
}
