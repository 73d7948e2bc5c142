using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>`keys add|list|revoke`: the web host's API keys, kept as hashes in the key file (see <see cref="ApiKeyFile"/>).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The key's name: who or what uses it, e.g. bench or home-assistant." };
        var scope = new Option<string>("--scope") { Description = "read (every GET) or write (every call).", DefaultValueFactory = _ => "read" };
        var add = new Command("add", "Create an API key for the web host. The key is shown once; only its hash is stored.") { name, scope };
        add.SetAction(parse => Run<CreatedKeyJson>(parse, file =>
        {
            var created = file.Add(Name(parse.GetValue(name)!), Scope(parse.GetValue(scope)!));
            return (created, (Action<IAnsiConsole>)(c =>
            {
                c.MarkupLineInterpolated($"Created API key [bold]{created.Key.Name}[/] ({Text(created.Key.Scope)}). Copy it now; it is not shown again:");
                System.Console.Out.WriteLine(created.Secret);
                c.MarkupLineInterpolated($"Send it as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'. Stored as a hash in {file.FilePath}.");
            }));
        }));

        var list = new Command("list", "List the API keys (never their secrets), revoked ones included.");
        list.SetAction(parse => Run<IReadOnlyList<ApiKeyJson>>(parse, file =>
        {
            var keys = file.List();
            return (keys, (Action<IAnsiConsole>)(c =>
            {
                var table = new Table().AddColumns("Name", "Scope", "Id", "Created (UTC)", "Revoked (UTC)");
                foreach (var k in keys)
                {
                    table.AddRow(Markup.Escape(k.Name), Text(k.Scope), k.Id, Time(k.CreatedAt), k.RevokedAt is { } r ? Time(r) : "");
                }

                c.Write(table);
            }));
        }));

        var which = new Argument<string>("name") { Description = "The key's name or id." };
        var revoke = new Command("revoke", "Revoke an API key: it stops working at once.") { which };
        revoke.SetAction(parse => Run<ApiKeyJson>(parse, file =>
        {
            var revoked = file.Revoke(parse.GetValue(which)!);
            return (revoked, (Action<IAnsiConsole>)(c => c.MarkupLineInterpolated($"Revoked API key [bold]{revoked.Name}[/] ({revoked.Id}).")));
        }));

        return new Command("keys", "The web host's API keys: add, list, revoke. Kept in the user's data folder (or Batchivo:Web:KeysFile), as hashes.") { add, list, revoke };
    }

    private static int Run<T>(ParseResult parse, Func<ApiKeyFile, (T Document, Action<IAnsiConsole> Show)> body)
    {
        try
        {
            var (document, show) = body(ApiKeyFile.From(Host.Configuration()));
            if (parse.GetValue(Cli.Json))
            {
                System.Console.Out.WriteLine(JsonSerializer.Serialize(document, Cli.JsonOptions));
            }
            else
            {
                show(AnsiConsole.Console);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            return Cli.Fail(ex);
        }
    }

    private static string Name(string text) =>
        text.Trim() is { Length: > 0 and <= 64 } name && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new InputException($"'{text}' is not a key name. Use 1 to 64 letters, digits, '-', '_' or '.', e.g. bench.");

    private static ApiScope Scope(string text) => text.Trim().ToLowerInvariant() switch
    {
        "read" => ApiScope.Read,
        "write" => ApiScope.Write,
        _ => throw new InputException($"--scope '{text}' is not a scope. Give read (every GET) or write (every call)."),
    };

    private static string Text(ApiScope scope) => scope == ApiScope.Write ? "write" : "read";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
