using System.Runtime.ExceptionServices;

namespace Batchivo.Hosting.Loading;

/// <summary>
/// Runs a plugin's code (constructor, <c>Info</c>, <c>Register</c>) on a thread of its own and waits for it at most
/// a time limit. A plugin that takes longer is refused and its thread abandoned: it is a background thread, so it never
/// keeps the process alive, but .NET cannot stop it (what it does afterwards touches nothing the host kept).
/// </summary>
internal static class TimeLimit
{
    /// <summary>Runs <paramref name="call"/>; false when it did not end within <paramref name="limit"/>. Its exception is rethrown.</summary>
    public static bool Run(Action call, TimeSpan limit, string threadName)
    {
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        var finished = false;
        var thread = new Thread(() =>
        {
            try
            {
                call();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                lock (done)
                {
                    if (!finished)
                    {
                        done.Set();
                    }
                }
            }
        })
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();
        var inTime = done.Wait(limit);
        lock (done)
        {
            finished = true;
        }

        if (!inTime)
        {
            return false;
        }

        failure?.Throw();
        return true;
    }
}
