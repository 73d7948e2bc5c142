using Batchivo.Hosting.Printers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Batchivo.Hosting;
using Batchivo.Samples.Web.Api;
using Batchivo.Samples.Web.Feed;
using Batchivo.Samples.Web.Operations;
using Batchivo.Samples.Web.Pages;
using Batchivo.Plugins;
using Batchivo.Samples.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Batchivo.Samples.Web;

/// <summary>
/// Composes the web host: the same configuration as the console (appsettings.json, <c>BATCHIVO__*</c> variables, the
/// embedded SQLite file in the user's data folder unless <c>--db</c>, <c>BATCHIVO_DB</c> or the configuration says otherwise), the
/// plugin host, and the HTTP API under <c>/api</c> with its OpenAPI document at <c>/openapi/v1.json</c>, an interactive
/// reference at <c>/reference</c> (served by the app, no CDN) and <c>/health</c>.
/// </summary>
public static partial class WebApp
{
    /// <summary>Where the host listens when no address is configured: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The command-line option naming the database file, as the console's <c>--db</c>: <c>--db shop.db</c>.</summary>
    public const string DatabaseOption = "db";

    /// <summary>The largest request body the API reads.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Builds the app.</summary>
    /// <param name="args">Command-line arguments (ASP.NET Core's, e.g. <c>--urls</c>).</param>
    /// <param name="configure">Changes to the builder before the services are composed (tests set the database here).</param>
    /// <returns>The app, ready to run.</returns>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application is this assembly (its pages), also when a test or a benchmark hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, ApplicationName = typeof(WebApp).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        configure?.Invoke(builder);
        UseDatabaseFile(builder.Configuration);

        // Secure by default: without an active API key nobody can use the API, and the host listens on loopback only.
        var keys = ApiKeyFile.From(builder.Configuration);
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured : DefaultUrl;
        var loopbackOnly = !keys.HasActiveKeys();
        builder.WebHost.UseUrls(loopbackOnly ? Loopback.Only(urls) : urls);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<FirstKeyWatch>(sp, loopbackOnly, urls));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FirstKeyWatch>());
        builder.Services.AddSingleton(new FailedAuthentications(builder.Configuration.GetValue("Batchivo:Web:FailedAuthenticationsPerMinute", 10)));
        var authentication = builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        Dashboard.Add(authentication);
        builder.Services.AddAuthorization(o =>
        {
            Dashboard.AddPolicies(o);
            o.AddPolicy(Scopes.Read, p => p.RequireClaim(ApiKeyAuthentication.ScopeClaim, Scopes.Read, Scopes.Write));
            o.AddPolicy(Scopes.Write, p => p.RequireClaim(ApiKeyAuthentication.ScopeClaim, Scopes.Write));
        });
        var origins = builder.Configuration.GetSection("Batchivo:Web:CorsOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location")));

        // The feed learns of this host's commits from Batchivo's domain events; writes refused on a conflict are tried again.
        builder.Services.AddBatchivo(builder.Configuration).AddEventSubscriber<FeedWakeUp>();
        builder.Services.AddBatchivoConflictRetry();
        var prometheus = Metrics.Add(builder);

        // Runs open and close from the jobs of the printers with a connection (Batchivo:Printers).
        builder.Services.AddBatchivoPrinterTracking();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Writes>();
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Complete);
        builder.Services.AddExceptionHandler<Problems>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => Json(o.SerializerOptions));
        builder.Services.AddOpenApi();

        // The dashboard: server-rendered pages on the same services, for a signed-in key.
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", Dashboard.ReadPolicy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/SignOut");
        });
        builder.Services.AddSingleton<Pages.Spools.LowStock>();
        builder.Services.AddSingleton<DashboardUsers>();

        // The keys that protect the sign-in cookie and the forms' tokens, kept beside the API key file: a restart (or a
        // second host on the same files) does not sign everyone out or refuse the forms open in their browsers.
        var protection = builder.Configuration["Batchivo:Web:DataProtectionKeys"] is { Length: > 0 } folder ? folder : Path.Combine(Path.GetDirectoryName(keys.FilePath)!, "dashboard-keys");
        builder.Services.AddDataProtection().SetApplicationName("Batchivo").PersistKeysToFileSystem(Directory.CreateDirectory(protection));
        Health.Add(builder.Services);

        // One structured line per request (method, path, status, duration), never headers or bodies: keys stay out of logs.
        builder.Services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });

        // Behind a reverse proxy, the client's address (for the rate limit and the logs) comes from X-Forwarded-For,
        // trusted only from the proxies listed.
        var proxies = builder.Configuration.GetSection("Batchivo:Web:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        var app = builder.Build();
        if (loopbackOnly)
        {
            LogLoopbackOnly(app.Logger, keys.FilePath);
        }

        if (proxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (origins.Length > 0)
        {
            app.UseCors();
        }

        app.UseStaticFiles();

        // The dashboard's figures and dates in the browser's language (Accept-Language); the API stays culture-independent.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseRequestLocalization(Cultures.Options()));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "reference";
            o.SwaggerEndpoint("/openapi/v1.json", "Batchivo API");
            o.DocumentTitle = "Batchivo API reference";
        });
        Health.Map(app);
        if (prometheus)
        {
            Metrics.Map(app);
        }

        app.MapRazorPages();
        app.MapGet("/events", (ChangeFeed feed, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken ct) => TypedResults.ServerSentEvents(feed.SubscribeAsync(lastEventId, ct)))
            .RequireAuthorization(Dashboard.ReadPolicy).ExcludeFromDescription();
        var api = app.MapGroup("/api")
            .RequireAuthorization(Scopes.Read)
            .WithWritesRequiring(Scopes.Write)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        CatalogApi.Map(api);
        RunWorkflowApi.Map(RunsApi.Map(api));
        AnalyticsApi.Map(api);
        api.MapGet("/events", (ChangeFeed feed, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken ct) => TypedResults.ServerSentEvents(feed.SubscribeAsync(lastEventId, ct)))
            .WithTags("Live feed").WithName("Events")
            .WithDescription("Server-Sent Events of every change stored by any process sharing the database, within a second: run-created, run-changed, run-started, run-completed, run-failed, run-cancelled; spool-created, spool-changed, spool-weighed, spool-ledger-entry; product-, printer- and brand-tare-created or -changed; each with its document as it is now and the change log's sequence as its id (reconnect with Last-Event-ID to get what was missed). Also scale-reading while a weighing waits for a scale.");
        return app;
    }

    /// <summary>
    /// True when the app stopped because the first API key was created while it listened on loopback only: the caller
    /// runs a new app, which listens on the configured addresses (see <c>Program</c>).
    /// </summary>
    /// <param name="app">An app from <see cref="Create"/> that has stopped.</param>
    /// <returns>Whether to start again.</returns>
    public static bool RestartRequested(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<FirstKeyWatch>().RestartRequested;
    }

    /// <summary>The API's JSON: the documents' shapes (camelCase, kebab-case enums), and strict reading of requests.</summary>
    public static void Json(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = ContractJson.Options.PropertyNamingPolicy;
        options.Encoder = ContractJson.Options.Encoder;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is active, so the API refuses every call and the host listens on loopback only. Create a key with: batchivo keys add NAME --scope write (kept in {KeysFile}); the host then restarts on its configured addresses by itself.")]
    private static partial void LogLoopbackOnly(ILogger logger, string keysFile);

    // For the embedded store, the file both sample hosts share (see SampleStore), created with its folder when it is
    // the product's default.
    private static void UseDatabaseFile(ConfigurationManager configuration)
    {
        if (!SampleStore.IsFileStore(configuration["Batchivo:Store:Provider"]))
        {
            return;
        }

        var path = SampleStore.DatabaseFile(configuration, configuration[DatabaseOption]);
        if (string.Equals(path, Path.GetFullPath(SampleStore.DefaultDatabasePath), StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        configuration.AddInMemoryCollection([new("Batchivo:Store:Settings:Path", path)]);
    }
}
