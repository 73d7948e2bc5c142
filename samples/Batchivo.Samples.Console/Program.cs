using System.CommandLine;
using Batchivo.Samples.Console;

var root = new RootCommand("Batchivo: production tracking for 3D-print businesses.");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(PluginsCommand.Create());
return await root.Parse(args).InvokeAsync();
