using System.Collections.Concurrent;
using System.Diagnostics;

namespace Batchivo.Samples.Console.Tests.Support;

/// <summary>A console command left running (e.g. <c>printers watch</c>): its output lines as they come, and a stop by Ctrl+C (SIGINT).</summary>
internal sealed class RunningCommand : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _out = new();
    private readonly ConcurrentQueue<string> _err = new();

    public RunningCommand(Process process)
    {
        _process = process;
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _out.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _err.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _out];

    public string Errors => string.Join('\n', _err);

    /// <summary>Waits for an output line that contains <paramref name="text"/>, up to a generous bound for a stuck program (not a timing assertion).</summary>
    public async Task<string> WaitForLineAsync(string text)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (_out.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited || bound.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"No line with '{text}' (exited: {_process.HasExited}). Output:\n{string.Join('\n', _out)}\nErrors:\n{Errors}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends Ctrl+C (SIGINT) and waits for the program to end; returns its exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
