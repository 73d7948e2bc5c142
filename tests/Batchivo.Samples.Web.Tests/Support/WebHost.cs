using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Batchivo.Samples.Contracts;
using Batchivo.Samples.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Samples.Web.Tests.Support;

/// <summary>
/// The web host on a real Kestrel, on a loopback port the system picks, with the real SQLite and simulated-scale
/// plugin folders from the build and its own database file in a throwaway folder.
/// </summary>
internal sealed class WebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebHost(WebApplication app, string folder, string database, ApiKeyFile keys, string? writeKey, string? readKey)
    {
        _app = app;
        Folder = folder;
        Database = database;
        Keys = keys;
        WriteKey = writeKey;
        ReadKey = readKey;
        Client = NewClient();
    }

    /// <summary>The host's key file.</summary>
    public ApiKeyFile Keys { get; }

    /// <summary>A key with the write scope (null for a host started without keys).</summary>
    public string? WriteKey { get; }

    /// <summary>A key with the read scope (null for a host started without keys).</summary>
    public string? ReadKey { get; }

    /// <summary>The throwaway folder of the host's files.</summary>
    public string Folder { get; }

    /// <summary>The SQLite database file.</summary>
    public string Database { get; }

    /// <summary>A client of the API.</summary>
    public HttpClient Client { get; }

    /// <summary>The service the host resolves, for checks behind the API's back.</summary>
    public T Service<T>()
        where T : notnull => (T)_app.Services.GetService(typeof(T))!;

    public static Task<WebHost> StartAsync(params (string Key, string? Value)[] settings) => StartAsync(withKeys: true, "http://127.0.0.1:0", settings);

    public static async Task<WebHost> StartAsync(bool withKeys, string urls, params (string Key, string? Value)[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("batchivo-web-").FullName;
        var database = Path.Combine(folder, "shop.db");
        var keys = new ApiKeyFile(Path.Combine(folder, "api-keys.json"));
        var writeKey = withKeys ? keys.Add("bench", ApiScope.Write).Secret : null;
        var readKey = withKeys ? keys.Add("display", ApiScope.Read).Secret : null;
        var configuration = new Dictionary<string, string?>
        {
            ["Batchivo:Plugins:Directories:0"] = Path.Combine(AppContext.BaseDirectory, "plugins"),
            ["Batchivo:Store:Provider"] = "sqlite",
            ["Batchivo:Scales:0:Name"] = "bench",
            ["Batchivo:Scales:0:Driver"] = "simulated",
            ["Logging:LogLevel:Default"] = "Warning",
            [ApiKeyFile.PathSetting] = keys.FilePath,
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var app = WebApp.Create(["--urls", urls, "--db", database], b => b.Configuration.AddInMemoryCollection(configuration));
        await app.StartAsync();
        return new WebHost(app, folder, database, keys, writeKey, readKey);
    }

    /// <summary>Where the host listens.</summary>
    public Uri Address => new(_app.Urls.First());

    /// <summary>Another client with the write key, as a second person in the shop.</summary>
    public HttpClient NewClient() => ClientWith(WriteKey);

    /// <summary>A client that sends <paramref name="key"/> (none when null).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Stops the host as a service manager would (SIGTERM): the graceful shutdown.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the runtime: the temp folder is cleaned by the system.
        }
    }
}

/// <summary>Calls and reads of the API, as a script or a phone would make them.</summary>
internal static class Http
{
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body, string? ifMatch = null) =>
        SendAsync(client, HttpMethod.Post, path, body is null ? null : JsonSerializer.Serialize(body, Json), ifMatch);

    public static Task<HttpResponseMessage> PutAsync(this HttpClient client, string path, object body, string? ifMatch = null) =>
        SendAsync(client, HttpMethod.Put, path, JsonSerializer.Serialize(body, Json), ifMatch);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json) =>
        SendAsync(client, HttpMethod.Post, path, json, null);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await client.SendAsync(request);
    }

    /// <summary>The body as JSON, after checking the status.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, int status = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The problem the response is, after checking its status and media type.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("https://tools.ietf.org/html/rfc", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.StartsWith("00-", problem.GetProperty("traceId").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
        return problem;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
