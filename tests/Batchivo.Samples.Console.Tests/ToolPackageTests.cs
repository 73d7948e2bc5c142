using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Batchivo.Samples.Console.Tests;

/// <summary>
/// The console as a .NET tool: packed (or taken from BATCHIVO_PACKAGES), installed with <c>dotnet tool install</c>
/// into a temporary folder, and run from there, with its plugin folders and appsettings.json found beside the
/// installed program. Everything happens outside the repository: the pack uses an artifacts folder of its own, the
/// install a private package cache and a nuget.config with no other source, so a stale package is never reused.
/// </summary>
public sealed partial class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly string _work = Directory.CreateTempSubdirectory("batchivo-tool-").FullName;

    [Fact]
    public void InstalledToolRunsTheDemoAndListsItsPrinterWithItsPlugins()
    {
        var (packages, version) = Package();
        File.WriteAllText(Path.Combine(_work, "nuget.config"), "<configuration><packageSources><clear /></packageSources></configuration>");
        var toolPath = Path.Combine(_work, "tool");
        Run("dotnet", ["tool", "install", "--tool-path", toolPath, "batchivo", "--add-source", packages, "--version", version, "--configfile", Path.Combine(_work, "nuget.config")], CommandTimeout);
        var batchivo = Path.Combine(toolPath, "batchivo");
        Assert.True(File.Exists(batchivo), $"dotnet tool install left no batchivo command in {toolPath}.");

        var plugins = Run(batchivo, ["plugins"], CommandTimeout);
        foreach (var plugin in new[] { "Batchivo.Storage.Sqlite", "Batchivo.Scales.Simulated", "Batchivo.Printers.Moonraker", "Batchivo.Slicers.GCode" })
        {
            Assert.Contains($"plugins/{plugin}/{plugin}.dll", plugins, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Refused", plugins, StringComparison.Ordinal);

        var database = Path.Combine(_work, "x.db");
        var demo = Run(batchivo, ["demo", "--db", database], CommandTimeout);
        Assert.Contains("Runs: 3", demo, StringComparison.Ordinal);
        Assert.True(File.Exists(database), "The demo wrote no database at " + database);

        var printers = Run(batchivo, ["catalog", "printer", "list", "--db", database], CommandTimeout);
        Assert.Contains("P1S-1", printers, StringComparison.Ordinal);
        Assert.Contains("Bambu P1S", printers, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>The folder holding the tool package, and its version: BATCHIVO_PACKAGES, else a fresh pack.</summary>
    private (string Folder, string Version) Package()
    {
        var folder = Environment.GetEnvironmentVariable("BATCHIVO_PACKAGES");
        if (string.IsNullOrEmpty(folder))
        {
            var artifacts = Path.Combine(_work, "artifacts");
            Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "samples", "Batchivo.Samples.Console"), "--artifacts-path", artifacts, "-m:1", "-v", "q"], PackTimeout);
            folder = Path.Combine(artifacts, "package", "release");
        }

        var versions = Directory.GetFiles(folder, "batchivo.*.nupkg")
            .Select(file => PackageName().Match(Path.GetFileName(file)))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
        Assert.True(versions.Count == 1, $"Expected one batchivo tool package in {folder}, found {versions.Count}.");
        return (folder, versions[0]);
    }

    private string Run(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work,
        };
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-packages");
        start.Environment["DOTNET_CLI_HOME"] = Path.Combine(_work, "home");
        start.Environment["HOME"] = Path.Combine(_work, "home");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_work, "xdg-data");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (string.IsNullOrEmpty(start.Environment.TryGetValue("DOTNET_ROOT", out var root) ? root : null))
        {
            start.Environment["DOTNET_ROOT"] = DotnetRoot();
        }

        start.Environment.Remove("BATCHIVO_DB");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}.\nstdout:\n{output.Result}\nstderr:\n{error.Result}");
        return output.Result;
    }

    // The runtime running this test: the installed tool's launcher needs it when dotnet is not in a default location.
    private static string DotnetRoot() => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Batchivo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (Batchivo.sln) was not found above " + AppContext.BaseDirectory + ".");
    }

    // batchivo.1.2.3.nupkg, not a RID-specific batchivo.linux-x64.1.2.3.nupkg.
    [GeneratedRegex(@"^batchivo\.(\d+\.\d+\.\d+.*)\.nupkg$")]
    private static partial Regex PackageName();
}
