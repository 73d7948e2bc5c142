using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>
/// `users hash`: the password hash of a dashboard user, for the configuration (<c>Batchivo:Web:Users</c>). The password
/// is read from standard input (one line), or asked for without echo on a terminal; it is never an argument, so it
/// stays out of the shell's history.
/// </summary>
internal static class UsersCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The user's name, as they type it to sign in, e.g. anna." };
        var scope = new Option<string>("--scope") { Description = "read (sees everything, changes nothing) or write.", DefaultValueFactory = _ => "read" };
        var hash = new Command("hash", "Hash a dashboard user's password (read from standard input, or asked for) and print the configuration that adds the user.") { name, scope };
        hash.SetAction(parse =>
        {
            try
            {
                var user = parse.GetValue(name)!.Trim();
                if (user.Length is 0 or > 64)
                {
                    throw new InputException($"'{user}' is not a user name. Use 1 to 64 characters, e.g. anna.");
                }

                var access = parse.GetValue(scope)!.Trim().ToLowerInvariant();
                if (access is not ("read" or "write"))
                {
                    throw new InputException($"--scope '{parse.GetValue(scope)}' is not a scope. Give read or write.");
                }

                var password = System.Console.IsInputRedirected
                    ? System.Console.In.ReadLine() ?? string.Empty
                    : AnsiConsole.Prompt(new TextPrompt<string>($"Password for {Markup.Escape(user)}:").Secret());
                string encoded;
                try
                {
                    encoded = Passwords.Hash(password);
                }
                catch (ArgumentException e)
                {
                    throw new InputException(e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
                }

                var entry = new { name = user, scope = access, passwordHash = encoded };
                if (parse.GetValue(Cli.Json))
                {
                    System.Console.Out.WriteLine(JsonSerializer.Serialize(entry, Cli.JsonOptions));
                }
                else
                {
                    AnsiConsole.MarkupLineInterpolated($"Add [bold]{user}[/] ({access}) to the web host's configuration, e.g. in appsettings.json under Batchivo:Web:Users:");
                    System.Console.Out.WriteLine(JsonSerializer.Serialize(entry, Indented));
                    AnsiConsole.MarkupLine("or as variables: BATCHIVO__WEB__USERS__0__NAME, ...__SCOPE and ...__PASSWORDHASH. The host reads them at the next sign-in.");
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                return Cli.Fail(ex);
            }
        });

        return new Command("users", "The dashboard's configured users (besides API keys): hash a password for the configuration.") { hash };
    }
}
