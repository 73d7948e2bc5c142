using System.Diagnostics;

namespace Batchivo.Packages.Tests;

/// <summary>
/// The packed packages: the folder named by BATCHIVO_PACKAGES (CI packs once and exports it), or a temporary folder
/// packed once here with build/Batchivo.Pack.proj, isolated from the repository's bin/ and obj/.
/// </summary>
public sealed class PackedPackagesFixture : IDisposable
{
    private readonly string? _ownFolder;

    public PackedPackagesFixture()
    {
        var given = Environment.GetEnvironmentVariable("BATCHIVO_PACKAGES");
        if (!string.IsNullOrWhiteSpace(given))
        {
            Folder = Path.GetFullPath(given);
            if (!Directory.EnumerateFiles(Folder, "*.nupkg").Any())
            {
                throw new InvalidOperationException($"BATCHIVO_PACKAGES names {Folder}, which holds no .nupkg. Pack into it first (dotnet msbuild build/Batchivo.Pack.proj -restore -t:Pack -p:PackageOutput={Folder}) or unset it.");
            }

            return;
        }

        _ownFolder = Path.Combine(Path.GetTempPath(), "batchivo-pack-" + Guid.NewGuid().ToString("N"));
        Folder = Path.Combine(_ownFolder, "packages");
        var result = Processes.Run(
            "dotnet",
            ["msbuild", Path.Combine(Repository.Root, "build", "Batchivo.Pack.proj"), "-restore", "-t:Pack", "-m:1", "-nologo", "-v:m", $"-p:PackageOutput={Folder}"],
            Repository.Root,
            TimeSpan.FromMinutes(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Packing failed ({result.ExitCode}):\n{result.Output}");
        }
    }

    /// <summary>The folder holding the .nupkg and .snupkg files.</summary>
    public string Folder { get; }

    /// <summary>The packages (not symbol packages), by file.</summary>
    public IReadOnlyList<string> Packages => Directory.GetFiles(Folder, "*.nupkg").Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        if (_ownFolder is not null)
        {
            try
            {
                Directory.Delete(_ownFolder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is not a test failure.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedPackagesGroup : ICollectionFixture<PackedPackagesFixture>
{
    public const string Name = "packed packages";
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Batchivo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Batchivo.sln not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record ProcessResult(int ExitCode, string Output);

internal static class Processes
{
    /// <summary>Runs a process to its end (bounded by a generous time limit), with stdout and stderr together.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // A test run's own MSBuild settings must not leak into the child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (gate)
            {
                return new(-1, $"{file} did not end within {limit}; killed.\n{output}");
            }
        }

        process.WaitForExit();
        lock (gate)
        {
            return new(process.ExitCode, output.ToString());
        }
    }
}
