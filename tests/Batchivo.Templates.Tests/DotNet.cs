using System.Diagnostics;
using System.Text;

namespace Batchivo.Templates.Tests;

/// <summary>Runs the real <c>dotnet</c> in a folder outside the repository, with a private package cache and template hive.</summary>
internal static class DotNet
{
    // Generous: a restore from the registry on a busy machine. Only a bound, never an expectation.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<Result> RunAsync(string workingDirectory, string nugetPackages, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
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

        start.Environment["NUGET_PACKAGES"] = nugetPackages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The test host's own MSBuild and test settings must not leak into the child.
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG", "VSTEST_RUNNER_DEBUG" })
        {
            start.Environment.Remove(name);
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not end within {Limit.TotalMinutes} minutes. Output so far:\n{output}");
        }

        process.WaitForExit();
        lock (gate)
        {
            return new Result(process.ExitCode, output.ToString(), $"dotnet {string.Join(' ', arguments)} (in {workingDirectory})");
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.AppendLine(line);
                }
            }
        }
    }

    public sealed record Result(int ExitCode, string Output, string Command)
    {
        public Result Succeeded()
        {
            Assert.True(ExitCode == 0, $"{Command} exited with {ExitCode}:\n{Output}");
            return this;
        }
    }
}
