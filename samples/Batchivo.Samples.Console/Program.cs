using System.CommandLine;
using Batchivo.Samples.Console;
using Spectre.Console;

// Exit codes: 0 done; 2 bad input (usage, a broken domain rule, an unknown id: nothing stored);
// 1 failure (the store, a device, anything unexpected). Errors are one line on stderr.
var root = new RootCommand("Batchivo: production tracking for 3D-print businesses. Exit codes: 0 ok, 2 bad input (nothing stored), 1 failure.")
{
    Cli.Json,
    Cli.Db,
    Cli.CreateFolders,
    CatalogCommands.Create(),
    RunCommands.Create(),
    ReportCommands.Report(),
    ReportCommands.Stats(),
    ReportCommands.Calibrate(),
    PrinterCommands.Create(),
    PluginsCommand.Create(),
    KeysCommand.Create(),
    UsersCommand.Create(),
    DemoCommand.Create(),
};

// Every number and date is read by Core's one strict reader (850,5 is refused, not read as 8505).
Values.Apply(root);

// Spectre.Console assumes 80 columns when the output is not a terminal: a pipe or a log gets whole lines instead.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console.Profile.Width = 4096;
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    var command = string.Join(" ", CommandPath(parse.CommandResult.Command));
    var lines = parse.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var message = lines.Length == 1 ? lines[0] : $"{lines[0]} {string.Join(", ", lines[1..])}.";
    Console.Error.WriteLine($"error: {message} See 'batchivo {command}{(command.Length > 0 ? " " : "")}--help'.");
    return ExitCodes.BadInput;
}

return await parse.InvokeAsync();

static IEnumerable<string> CommandPath(Command command)
{
    var names = new List<string>();
    for (var c = command; c is not null && c is not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
    {
        names.Insert(0, c.Name);
    }

    return names;
}
