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
        var command = new Command("plugins", "List the plugins the host loaded, with each folder's SHA-256 (what Batchivo:Plugins:AllowedSha256 lists), and the ones it refused, with the reason (exit code 1 when one was refused).");
        command.SetAction(parse =>
        {
            try
            {
                return Show(parse);
            }
            catch (Exception ex)
            {
                return Cli.Fail(ex);
            }
        });
        return command;
    }

    private static int Show(ParseResult parse)
    {
        using var services = Host.Build(parse.GetValue(Cli.Db), access: Host.Access.None);
        var diagnostics = services.GetRequiredService<PluginDiagnostics>();
        var failed = diagnostics.Refused.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        if (parse.GetValue(Cli.Json))
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(new { loaded = diagnostics.Loaded, refused = diagnostics.Refused.Select(r => new { r.Name, r.File, Reason = r.Reason.ToString(), r.Message }) }, JsonOptions));
            return failed;
        }

        var loaded = new Table().AddColumns("Plugin", "Version", "Provides", "File");
        foreach (var p in diagnostics.Loaded)
        {
            loaded.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Version), Markup.Escape(string.Join(", ", p.Provides)), Markup.Escape(p.File is null ? "(in code)" : Path.GetRelativePath(AppContext.BaseDirectory, p.File)));
        }

        AnsiConsole.MarkupLine("[bold]Loaded[/]");
        AnsiConsole.Write(loaded);

        // Whole, one per line, to copy into the allowlist: the hash covers every file of the plugin's folder.
        var folders = diagnostics.Loaded.Where(p => p.File is not null).ToList();
        if (folders.Count > 0)
        {
            AnsiConsole.Write(new Rule("Folder SHA-256 (for Batchivo:Plugins:AllowedSha256)").LeftJustified());
            foreach (var p in folders)
            {
                System.Console.Out.WriteLine($"{p.Sha256 ?? "(folder no longer readable)"}  {p.Name}");
            }
        }
        if (diagnostics.Refused.Count > 0)
        {
            var refused = new Table().AddColumns("Plugin", "Reason", "Why");
            foreach (var r in diagnostics.Refused)
            {
                refused.AddRow(Markup.Escape(r.Name), r.Reason.ToString(), Markup.Escape(r.Message));
            }

            AnsiConsole.MarkupLine("[bold]Refused[/]");
            AnsiConsole.Write(refused);
        }

        return failed;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
