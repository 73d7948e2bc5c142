using System.CommandLine;
using System.Text.Json;
using Batchivo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`plugins`: what the host loaded or refused, and why.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of tables." };
        var command = new Command("plugins", "List the plugins the host loaded and the ones it refused, with the reason.") { json };
        command.SetAction(parse =>
        {
            using var services = Host.Build();
            var diagnostics = services.GetRequiredService<PluginDiagnostics>();
            if (parse.GetValue(json))
            {
                System.Console.Out.WriteLine(JsonSerializer.Serialize(new { loaded = diagnostics.Loaded, refused = diagnostics.Refused.Select(r => new { r.Name, r.File, Reason = r.Reason.ToString(), r.Message }) }, JsonOptions));
                return diagnostics.Refused.Count == 0 ? 0 : 2;
            }

            var loaded = new Table().AddColumns("Plugin", "Version", "Provides", "File", "SHA-256");
            foreach (var p in diagnostics.Loaded)
            {
                loaded.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Version), Markup.Escape(string.Join(", ", p.Provides)), Markup.Escape(p.File is null ? "(in code)" : Path.GetRelativePath(AppContext.BaseDirectory, p.File)), Markup.Escape(p.Sha256?[..16] ?? "-"));
            }

            AnsiConsole.Write(new Rule("Loaded").LeftJustified());
            AnsiConsole.Write(loaded);
            if (diagnostics.Refused.Count > 0)
            {
                var refused = new Table().AddColumns("Plugin", "Reason", "Why");
                foreach (var r in diagnostics.Refused)
                {
                    refused.AddRow(Markup.Escape(r.Name), r.Reason.ToString(), Markup.Escape(r.Message));
                }

                AnsiConsole.Write(new Rule("Refused").LeftJustified());
                AnsiConsole.Write(refused);
                return 2;
            }

            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
