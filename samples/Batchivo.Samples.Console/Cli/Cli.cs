using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Batchivo.Devices;
using Batchivo.Hosting;
using Batchivo.Plugins;
using Batchivo.Production;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Batchivo.Samples.Console;

/// <summary>Exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The store, a device or the program failed; retrying may help once the cause is fixed.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a usage error, a broken domain rule, an unknown id. Nothing was stored.</summary>
    public const int BadInput = 2;
}

/// <summary>The options every command takes, the way commands run, and how errors become exit codes.</summary>
internal static class Cli
{
    /// <summary><c>--json</c>: write one JSON document to stdout instead of tables.</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "Write one JSON document to stdout instead of tables (for scripts).", Recursive = true };

    /// <summary><c>--db PATH</c>: the database file of the embedded store.</summary>
    public static readonly Option<string?> Db = new("--db") { Description = "The database file (default: $BATCHIVO_DB, else the user's data folder: Batchivo/batchivo.db).", Recursive = true };

    /// <summary><c>--create-folders</c>: a command that writes may create the missing folders of the database's path.</summary>
    public static readonly Option<bool> CreateFolders = new("--create-folders") { Description = "Create the missing folders of the database's path (--db, $BATCHIVO_DB); without it a missing folder is an error, as it may be a typo.", Recursive = true };

    /// <summary>The sample hosts' JSON settings (<see cref="ContractJson.Options"/>).</summary>
    public static readonly JsonSerializerOptions JsonOptions = ContractJson.Options;

    /// <summary>Sets the action of a command that writes: opens the host (creating the database if missing), runs the body, maps errors to exit codes.</summary>
    public static void Run(Command command, Func<ParseResult, Session, CancellationToken, Task> body, Action<IBatchivoBuilder>? configure = null) =>
        Register(command, body, configure, _ => Host.Access.Write);

    /// <summary>Sets the action of a command that only reads: as <see cref="Run"/>, but a missing database is an error, never created.</summary>
    public static void Read(Command command, Func<ParseResult, Session, CancellationToken, Task> body, Action<IBatchivoBuilder>? configure = null) =>
        Register(command, body, configure, _ => Host.Access.Read);

    /// <summary>Sets the action of a command that reads or writes depending on its options (e.g. <c>calibrate --apply</c>).</summary>
    public static void Run(Command command, Func<ParseResult, bool> writes, Func<ParseResult, Session, CancellationToken, Task> body) =>
        Register(command, body, null, p => writes(p) ? Host.Access.Write : Host.Access.Read);

    private static void Register(Command command, Func<ParseResult, Session, CancellationToken, Task> body, Action<IBatchivoBuilder>? configure, Func<ParseResult, Host.Access> access) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var services = Host.Build(parse.GetValue(Db), configure, access: access(parse), createFolders: parse.GetValue(CreateFolders));
                var session = new Session(services, parse.GetValue(Json));
                await body(parse, session, cancellationToken);
                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                return Fail(ex);
            }
        });

    /// <summary>Writes the error as one line on stderr and returns its exit code.</summary>
    public static int Fail(Exception ex)
    {
        var (code, message) = Classify(ex);
        System.Console.Error.WriteLine("error: " + OneLine(message));
        if (Environment.GetEnvironmentVariable("BATCHIVO_DEBUG") is "1" or "true")
        {
            // For bug reports: the whole exception, after the one-line message.
            System.Console.Error.WriteLine(ex.ToString());
        }

        return code;
    }

    /// <summary>Bad input (exit 2) or failure (exit 1), and the message to show.</summary>
    public static (int Code, string Message) Classify(Exception ex) => ex switch
    {
        InputException or DomainRuleException or NotFoundException or DuplicateKeyException => (ExitCodes.BadInput, ex.Message),
        StoreInputException => (ExitCodes.BadInput, ex.Message),
        ScaleException or ConcurrencyConflictException or BatchivoConfigurationException => (ExitCodes.Failure, ex.Message),
        BatchivoException => (ExitCodes.Failure, ex.Message),
        Microsoft.Extensions.Options.OptionsValidationException invalid => (ExitCodes.Failure, $"The configuration is invalid: {string.Join(" ", invalid.Failures)} Fix appsettings.json or the BATCHIVO__* environment variables."),
        OperationCanceledException => (ExitCodes.Failure, "Cancelled; nothing more was stored."),
        InvalidOperationException { InnerException: BatchivoException inner } => Classify(inner),
        IOException or UnauthorizedAccessException => (ExitCodes.Failure, $"A file could not be read or written: {ex.Message.TrimEnd('.')}. Check the disk's free space and the permissions of the files and folders involved, then run the command again; nothing more was stored."),
        _ => (ExitCodes.Failure, $"Unexpected {ex.GetType().Name}: {ex.Message} Please report this with the command you ran."),
    };

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>What a command works with: the services and where its output goes.</summary>
internal sealed class Session(IServiceProvider services, bool json)
{
    public IServiceProvider Services { get; } = services;

    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = AnsiConsole.Console;

    public ProductionService Production => Services.GetRequiredService<ProductionService>();

    public BatchivoDevices Devices => Services.GetRequiredService<BatchivoDevices>();

    /// <summary>The store, for listing the catalog (the service covers everything else).</summary>
    public Storage.IProductionStore Store => Services.GetRequiredService<Storage.IProductionStore>();

    /// <summary>Writes the JSON document (with --json) or the human output.</summary>
    public void Emit(object json, Action<IAnsiConsole> human)
    {
        if (Json)
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(json, Cli.JsonOptions));
        }
        else
        {
            human(Console);
        }
    }
}
