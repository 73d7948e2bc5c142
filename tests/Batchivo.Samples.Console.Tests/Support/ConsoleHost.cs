using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Batchivo.Samples.Console.Tests.Support;

/// <summary>What one run of the program produced.</summary>
internal sealed record Result(int ExitCode, string Out, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    /// <summary>Asserts the exit code, showing the output when it is not the expected one.</summary>
    public Result Expect(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"Expected exit code {exitCode} but got {ExitCode}.\nstdout:\n{Out}\nstderr:\n{Error}");
        return this;
    }

    public Result Ok() => Expect(0);
}

/// <summary>
/// The built console host (batchivo.dll next to its plugins folder) run as a real process, with a data folder of
/// its own: BATCHIVO_DB points into it, and the user's data folder (XDG_DATA_HOME) and HOME are inside it too, so a
/// test never touches the real user's files.
/// </summary>
internal sealed class ConsoleHost : IDisposable
{
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    public ConsoleHost()
    {
        DataFolder = Directory.CreateTempSubdirectory("batchivo-console-").FullName;
        DatabasePath = Path.Combine(DataFolder, "batchivo.db");
        _environment["BATCHIVO_DB"] = DatabasePath;
        _environment["XDG_DATA_HOME"] = Path.Combine(DataFolder, "xdg-data");
        _environment["HOME"] = Path.Combine(DataFolder, "home");
        _environment["DOTNET_CLI_HOME"] = Path.Combine(DataFolder, "home");
        _environment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(DataFolder, "tmp")).FullName;
    }

    /// <summary>The built program.</summary>
    public static string Program { get; } = Locate();

    public string DataFolder { get; }

    public string DatabasePath { get; }

    /// <summary>The program's temporary folder (TMPDIR).</summary>
    public string TempFolder => _environment["TMPDIR"]!;

    /// <summary>Starts from a copy of another host's database (the file and its WAL companions).</summary>
    public ConsoleHost From(ConsoleHost template)
    {
        foreach (var file in Directory.GetFiles(template.DataFolder, Path.GetFileName(template.DatabasePath) + "*"))
        {
            File.Copy(file, Path.Combine(DataFolder, Path.GetFileName(file)), overwrite: true);
        }

        return this;
    }

    /// <summary>Sets (or with null, removes) an environment variable of the program, e.g. BATCHIVO__SCALES__0__SETTINGS__READINGS.</summary>
    public ConsoleHost With(string variable, string? value)
    {
        _environment[variable] = value;
        return this;
    }

    /// <summary>Runs <c>dotnet batchivo.dll args...</c> and waits for it to end.</summary>
    public Result Run(params string[] args) => Start("dotnet", [Program, .. args]);

    /// <summary>Runs <c>dotnet batchivo.dll args...</c> with <paramref name="input"/> on its standard input, as a pipe gives it.</summary>
    public Result RunWithInput(string input, params string[] args) => Start("dotnet", [Program, .. args], input);

    /// <summary>
    /// Runs the program on a real pseudo-terminal (util-linux <c>script</c> allocates it), as a user at a terminal
    /// would; the result's output is what the terminal received, escape sequences included.
    /// </summary>
    public Result RunInTerminal(params string[] args)
    {
        var script = new[] { "/usr/bin/script", "/bin/script" }.FirstOrDefault(File.Exists);
        Assert.True(script is not null, "The terminal test needs util-linux 'script' (/usr/bin/script) to allocate a pseudo-terminal; install util-linux.");
        var command = string.Join(' ', new[] { "dotnet", Program }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return Start(script!, ["--quiet", "--return", "--command", command, "/dev/null"]);
    }

    /// <summary>Runs <c>wrapper wrapperArgs... dotnet batchivo.dll args...</c> (e.g. under strace), with this host's environment.</summary>
    public Result RunUnder(string wrapper, string[] wrapperArgs, params string[] args) => Start(wrapper, [.. wrapperArgs, "dotnet", Program, .. args]);

    /// <summary>Runs any program (e.g. a shell script that runs batchivo) with this host's environment and data folder.</summary>
    public Result Exec(string file, params string[] args) => Start(file, args);

    /// <summary>Starts <c>dotnet batchivo.dll args...</c> and leaves it running (e.g. <c>printers watch</c>); its output lines arrive as it writes them.</summary>
    public RunningCommand StartRunning(params string[] args) => new(Process.Start(Prepare("dotnet", [Program, .. args]))!);

    private ProcessStartInfo Prepare(string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = DataFolder,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        start.Environment["COLUMNS"] = "100";

        // The tests' own environment must not leak a store selection into the program.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("BATCHIVO__", StringComparison.OrdinalIgnoreCase) && !_environment.ContainsKey(k)).ToList())
        {
            start.Environment.Remove(key);
        }

        return start;
    }

    private Result Start(string file, string[] args, string? input = null)
    {
        var start = Prepare(file, args);
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"batchivo {string.Join(' ', args)} did not end within 120 s.");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that is ending; the temp folder is cleaned by the OS.
        }
    }

    private static string Locate()
    {
        var path = typeof(ConsoleHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConsoleHostDll").Value!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The console host was not built at {path}. Build the solution (the test project builds it through its project reference).", path);
        }

        return path;
    }
}
