using System.Diagnostics;
using System.Reflection;
using System.Net;
using System.Text;
using Batchivo.Samples.Contracts;
using Batchivo.Samples.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;

namespace Batchivo.Samples.Web.Tests;

/// <summary>Writes need a key with the write scope, reads a key with either scope; wrong keys are rate-limited.</summary>
public sealed class AuthTests
{
    [Fact]
    public async Task Every_endpoint_refuses_anonymous_callers_and_every_write_refuses_read_keys_storing_nothing()
    {
        await using var host = await WebHost.StartAsync();
        await Seed.CatalogAsync(host.Client);
        await (await host.Client.PostAsync("/api/runs", new { printer = "P1S-1" })).JsonAsync(201);
        var before = await StateAsync(host.Client);
        using var anonymous = host.ClientWith(null);
        using var reader = host.ClientWith(host.ReadKey);
        var endpoints = Endpoints(host);
        Assert.True(endpoints.Count(e => e.Method != "GET") >= 20, $"only {endpoints.Count(e => e.Method != "GET")} writes");

        foreach (var (method, path) in endpoints)
        {
            var none = await SendAsync(anonymous, method, path);
            Assert.True(none.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)none.StatusCode} to an anonymous caller");
            Assert.Contains("batchivo keys add", (await none.ProblemAsync(401)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            if (method != "GET")
            {
                var read = await SendAsync(reader, method, path);
                Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} answered {(int)read.StatusCode} to a read key");
                await read.ProblemAsync(403);
            }
        }

        Assert.Equal(before, await StateAsync(host.Client));
    }

    [Fact]
    public async Task Both_headers_carry_a_key_and_a_read_key_reads()
    {
        await using var host = await WebHost.StartAsync();
        using var reader = host.ClientWith(host.ReadKey);
        using var header = host.ClientWith(null);
        header.DefaultRequestHeaders.Add("X-Api-Key", host.WriteKey);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/printers")).StatusCode);
        await (await header.PostAsync("/api/printers", new { name = "P1S-1", model = "Bambu P1S" })).JsonAsync(201);
    }

    [Fact]
    public async Task A_revoked_or_wrong_key_is_401()
    {
        await using var host = await WebHost.StartAsync();
        using var wrong = host.ClientWith(host.WriteKey![..^2] + "xx");
        await (await wrong.GetAsync("/api/printers")).ProblemAsync(401);

        host.Keys.Revoke("display");
        using var revoked = host.ClientWith(host.ReadKey);
        await (await revoked.GetAsync("/api/printers")).ProblemAsync(401);
    }

    [Fact]
    public async Task Too_many_wrong_keys_from_an_address_get_429_even_with_a_right_key()
    {
        await using var host = await WebHost.StartAsync(("Batchivo:Web:FailedAuthenticationsPerMinute", "3"));
        using var guesser = host.ClientWith("bvo_00000000_guess");
        for (var i = 0; i < 3; i++)
        {
            await (await guesser.GetAsync("/api/printers")).ProblemAsync(401);
        }

        var blocked = await host.Client.GetAsync("/api/printers");

        await blocked.ProblemAsync(429);
        Assert.NotNull(blocked.Headers.RetryAfter);
    }

    [Fact]
    public async Task Without_keys_the_host_listens_on_loopback_only_and_refuses_every_call()
    {
        await using var host = await WebHost.StartAsync(withKeys: false, "http://0.0.0.0:0");

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(host.Address.Host)), host.Address.ToString());
        await (await host.Client.GetAsync("/api/printers")).ProblemAsync(401);
    }

    [Fact]
    public async Task Once_the_first_key_is_created_the_program_restarts_on_its_configured_addresses()
    {
        var folder = Directory.CreateTempSubdirectory("batchivo-web-restart-").FullName;
        var keys = new ApiKeyFile(Path.Combine(folder, "api-keys.json"));
        var program = typeof(AuthTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WebHostDll").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { program, "--urls", "http://0.0.0.0:0", "--db", Path.Combine(folder, "shop.db") })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("BATCHIVO", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.Environment["Batchivo__Web__KeysFile"] = keys.FilePath;
        start.Environment["HOME"] = folder;
        start.Environment["XDG_DATA_HOME"] = folder;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync(bound.Token);
        try
        {
            async Task<Uri> ListeningAsync()
            {
                while (await process.StandardOutput.ReadLineAsync(bound.Token) is { } line)
                {
                    if (line.Contains("Now listening on: ", StringComparison.Ordinal))
                    {
                        return new Uri(line[(line.IndexOf("Now listening on: ", StringComparison.Ordinal) + 18)..].Trim());
                    }
                }

                throw new InvalidOperationException($"The web host ended (exit code {(process.HasExited ? process.ExitCode : -1)}) without listening.");
            }

            var first = await ListeningAsync();
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(first.Host)), first.ToString());
            var key = keys.Add("bench", ApiScope.Write).Secret;

            var second = await ListeningAsync();
            Assert.False(IPAddress.IsLoopback(IPAddress.Parse(second.Host.Trim('[', ']'))), second.ToString());
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{second.Port}") };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            await (await client.GetAsync("/api/printers", bound.Token)).JsonAsync();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080")]
    [InlineData("http://*:80;https://[::]:443", "http://127.0.0.1:80;https://127.0.0.1:443")]
    [InlineData("http://+:5000/", "http://127.0.0.1:5000/")]
    [InlineData("http://192.168.1.20:5080", "http://127.0.0.1:5080")]
    [InlineData("http://localhost:5000;http://[::1]:5001;http://127.0.0.1:5002", "http://localhost:5000;http://[::1]:5001;http://127.0.0.1:5002")]
    public void Addresses_that_are_not_loopback_become_loopback(string urls, string expected) =>
        Assert.Equal(expected, Security.Loopback.Only(urls));

    [Fact]
    public void The_key_file_holds_hashes_never_the_keys()
    {
        var folder = Directory.CreateTempSubdirectory("batchivo-keys-").FullName;
        try
        {
            var keys = new ApiKeyFile(Path.Combine(folder, "keys.json"));
            var created = keys.Add("bench", ApiScope.Write);

            var text = File.ReadAllText(keys.FilePath);
            Assert.DoesNotContain(created.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(created.Secret.Split('_')[^1], text, StringComparison.Ordinal);
            Assert.Equal("bench", new ApiKeyFile(keys.FilePath).Verify(created.Secret)?.Name);
            Assert.Throws<Batchivo.DomainRuleException>(() => keys.Add("BENCH", ApiScope.Read));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.FilePath));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<(string Method, string Path)> Endpoints(WebHost host) =>
        [.. host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, Fill(e.RoutePattern.RawText!))))];

    // Route values of things that exist, so a refusal cannot be a 404 in disguise.
    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]+)?\}", m => m.Groups[1].Value switch
        {
            "number" => "1",
            "code" => "PLA-001",
            "sku" => "STAND",
            "name" => "P1S-1",
            "brand" => "Bambu%20Lab",
            _ => "x",
        });

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is not ("GET" or "DELETE"))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    private static async Task<string> StateAsync(HttpClient client) =>
        string.Join('\n', await Task.WhenAll(new[] { "/api/runs/1", "/api/spools/PLA-001", "/api/printers", "/api/products", "/api/brand-tares", "/api/runs" }
            .Select(async p => await (await client.GetAsync(p)).Content.ReadAsStringAsync())));
}
