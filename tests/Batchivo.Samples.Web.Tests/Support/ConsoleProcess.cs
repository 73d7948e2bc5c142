using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Batchivo.Samples.Web.Tests.Support;

/// <summary>The built console host (batchivo.dll, next to its plugin folders) run as a real process: the other program sharing the web host's database.</summary>
internal static class ConsoleProcess
{
    private static readonly string Program = typeof(ConsoleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConsoleHostDll").Value!;

    /// <summary>Runs <c>dotnet batchivo.dll args...</c> with these environment variables, and returns its standard output; fails the test on a non-zero exit.</summary>
    public static async Task<string> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Assert.True(File.Exists(Program), $"The console host was not built at {Program}; build the solution.");
        var home = Directory.CreateTempSubdirectory("batchivo-console-home-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        start.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("BATCHIVO", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = home;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        start.Environment["DOTNET_CLI_HOME"] = home;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"batchivo {string.Join(' ', args)} did not end within 120 s.");
        }

        Assert.True(process.ExitCode == 0, $"batchivo {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }
}
