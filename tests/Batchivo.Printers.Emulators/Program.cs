using System.Globalization;
using Batchivo.Printers.Emulators;

// A Moonraker emulator to try `batchivo printers watch` by hand:
//   dotnet run --project tests/Batchivo.Printers.Emulators -- [--port N] [--api-key KEY]
// then type: start FILE | progress 0.5 | pause | resume | end [completed|cancelled|error] [MM] | drop | offline | online | quit
var port = 0;
string? key = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--api-key": key = args[i + 1]; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}; give --port N or --api-key KEY."); return 2;
    }
}

await using var printer = await MoonrakerEmulator.StartAsync(key, port);
Console.WriteLine($"Moonraker emulator at {printer.Url}");
while (Console.ReadLine() is { } line)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    try
    {
        switch (words.FirstOrDefault())
        {
            case "start": Console.WriteLine($"job {await printer.StartJobAsync(words.Length > 1 ? words[1] : "hook_x4_0.2mm_PLA_MK3S_1h39m.gcode")} started"); break;
            case "progress": await printer.ProgressAsync(decimal.Parse(words[1], CultureInfo.InvariantCulture)); break;
            case "pause": await printer.SetPausedAsync(true); break;
            case "resume": await printer.SetPausedAsync(false); break;
            case "end":
                var status = words.Length > 1 ? words[1] : "completed";
                var used = words.Length > 2 ? decimal.Parse(words[2], CultureInfo.InvariantCulture) : 9159.55m;
                Console.WriteLine($"job {await printer.EndJobAsync(status, used)} {status}");
                break;
            case "drop": printer.DropConnections(); break;
            case "offline": await printer.GoOfflineAsync(); break;
            case "online": await printer.ComeOnlineAsync(); break;
            case "quit": return 0;
            case null: break;
            default: Console.Error.WriteLine("Commands: start FILE | progress 0.5 | pause | resume | end [completed|cancelled|error] [MM] | drop | offline | online | quit"); break;
        }
    }
    catch (Exception ex) when (ex is InvalidOperationException or FormatException or IndexOutOfRangeException)
    {
        Console.Error.WriteLine(ex.Message);
    }
}

return 0;
