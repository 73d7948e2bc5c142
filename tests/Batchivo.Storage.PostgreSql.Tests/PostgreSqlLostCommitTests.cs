using System.Net;
using System.Net.Sockets;
using System.Text;
using Batchivo.Production;
using Batchivo.Storage.EntityFrameworkCore;
using Batchivo.Storage.PostgreSql;
using Batchivo.Testing.Storage;
using Batchivo.TestSupport;
using Npgsql;

namespace Batchivo.Storage.PostgreSql.Tests;

/// <summary>
/// The connection to a real throwaway PostgreSQL server is cut during a commit, by a TCP relay between the store and
/// the server that closes both sides at the COMMIT: after the server answered it (the change is stored), or before
/// forwarding it (the server rolls back). The store reads back what is true and says it: done (no error), not done
/// (the lost connection in plain words), or unknown with what to check when the server cannot be reached again.
/// </summary>
public sealed class PostgreSqlLostCommitTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [Fact]
    public async Task A_commit_the_server_stored_before_the_connection_was_lost_is_reported_done()
    {
        await using var relay = await RelayAsync();
        var service = new ProductionService(PostgreSqlStorePlugin.CreateStore(relay.ConnectionString));
        await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S", 4);

        relay.Cut = Cut.AfterCommitAnswered;
        var printer = await service.Catalog.AddPrinterAsync("X1C-1", "Bambu X1C", 4);

        Assert.True(relay.HasCut);
        Assert.Equal(1, printer.Version);
        Assert.Equal(2, (await PostgreSqlStorePlugin.CreateStore(relay.Database).ListPrintersAsync()).Count);
    }

    [Fact]
    public async Task A_commit_lost_before_the_server_got_it_is_reported_not_stored_in_plain_words()
    {
        await using var relay = await RelayAsync();
        var service = new ProductionService(PostgreSqlStorePlugin.CreateStore(relay.ConnectionString));
        await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S", 4);

        relay.Cut = Cut.BeforeCommitSent;
        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(() => service.Catalog.AddPrinterAsync("X1C-1", "Bambu X1C", 4));

        Assert.True(relay.HasCut);
        Assert.Contains("connection", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", error.Message, StringComparison.Ordinal);
        Assert.Single(await PostgreSqlStorePlugin.CreateStore(relay.Database).ListPrintersAsync());
    }

    [Fact]
    public async Task A_commit_whose_outcome_cannot_be_read_back_is_reported_unknown_with_what_to_check()
    {
        await using var relay = await RelayAsync();
        var service = new ProductionService(PostgreSqlStorePlugin.CreateStore(relay.ConnectionString));
        await service.Catalog.AddPrinterAsync("P1S-1", "Bambu P1S", 4);

        relay.Cut = Cut.AfterCommitAnsweredAndStop;
        var error = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => service.Catalog.AddPrinterAsync("X1C-1", "Bambu X1C", 4));

        Assert.Contains("printer X1C-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("may or may not be stored", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<Relay> RelayAsync()
    {
        var database = await server.CreateDatabaseAsync();
        var target = new NpgsqlConnectionStringBuilder(database);
        var relay = new Relay(database, target.Host!, target.Port);
        relay.Start();
        return relay;
    }

    internal enum Cut
    {
        None,
        BeforeCommitSent,
        AfterCommitAnswered,
        AfterCommitAnsweredAndStop,
    }

    /// <summary>Relays TCP between the store and the server; when armed, closes the connection that sends a COMMIT.</summary>
    private sealed class Relay(string database, string host, int port) : IAsyncDisposable
    {
        private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _tasks = [];

        public string Database { get; } = database;

        public string ConnectionString => new NpgsqlConnectionStringBuilder(Database) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port, Timeout = 3, Pooling = false }.ConnectionString;

        public volatile Cut Cut;

        public volatile bool HasCut;

        public void Start()
        {
            _listener.Start();
            _tasks.Add(AcceptAsync());
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                lock (_tasks)
                {
                    _tasks.Add(PairAsync(client));
                }
            }
        }

        private async Task PairAsync(TcpClient client)
        {
            using var _ = client;
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(host == "localhost" ? "127.0.0.1" : host, port);
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var commitSent = new TaskCompletionSource();
            var down = PumpDownAsync(upstream.GetStream(), client.GetStream(), commitSent.Task, cut);
            var buffer = new byte[65536];
            try
            {
                var from = client.GetStream();
                var to = upstream.GetStream();
                while (!cut.IsCancellationRequested)
                {
                    var read = await from.ReadAsync(buffer, cut.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    var isCommit = Cut != Cut.None && buffer.AsSpan(0, read).IndexOf(Commit) >= 0;
                    if (isCommit && Cut == Cut.BeforeCommitSent)
                    {
                        Finish();
                        break;
                    }

                    // Marked before it is forwarded: the server's answer can reach the other pump before this one
                    // resumes after the write. The client waits for every earlier answer before it sends a COMMIT, so
                    // the next bytes down are the COMMIT's answer.
                    if (isCommit)
                    {
                        commitSent.TrySetResult();
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }

            await cut.CancelAsync();
            await down;
        }

        private async Task PumpDownAsync(NetworkStream from, NetworkStream to, Task commitSent, CancellationTokenSource cut)
        {
            var buffer = new byte[65536];
            try
            {
                while (!cut.IsCancellationRequested)
                {
                    var read = await from.ReadAsync(buffer, cut.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    if (commitSent.IsCompleted)
                    {
                        // The server answered the COMMIT: the change is stored; the answer never reaches the store.
                        if (Cut == Cut.AfterCommitAnsweredAndStop)
                        {
                            _listener.Stop();
                        }

                        Finish();
                        break;
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }

            await cut.CancelAsync();
        }

        private void Finish()
        {
            HasCut = true;
            Cut = Cut.None;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            Task[] tasks;
            lock (_tasks)
            {
                tasks = [.. _tasks];
            }

            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            _stop.Dispose();
        }
    }
}
