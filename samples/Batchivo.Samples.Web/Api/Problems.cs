using System.Diagnostics;
using System.Text.Json;
using Batchivo.Devices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Batchivo.Samples.Web.Api;

/// <summary>
/// Turns every error into an RFC 9457 problem: Batchivo's typed errors by their type (never by their message), a
/// request the API cannot read as 400 with the field at fault, anything else as a plain 500. The detail is the error's
/// own message, which says what was wrong and what to do; never a stack trace. Every problem carries the request's
/// trace id, and so does the log line written for it.
/// </summary>
internal sealed partial class Problems(IProblemDetailsService problems, ILogger<Problems> log) : IExceptionHandler
{
    /// <summary>The extension member naming a broken domain rule, e.g. "weight-after-above-before".</summary>
    public const string RuleMember = "rule";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is ConcurrencyConflictException && ETags.HasPrecondition(httpContext)
            ? Problem(StatusCodes.Status412PreconditionFailed, "Changed since you read it", $"{exception.Message} (Your If-Match named a version that is no longer current.)")
            : Describe(exception);
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        problem.Extensions["traceId"] = traceId;
        var path = httpContext.Request.Path.Value ?? string.Empty;
        if (problem.Status >= 500)
        {
            LogServerError(log, problem.Status.Value, httpContext.Request.Method, path, traceId, exception);
        }
        else
        {
            LogRefused(log, problem.Status!.Value, httpContext.Request.Method, path, traceId, problem.Detail ?? problem.Title ?? string.Empty);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes every problem the app writes, also those of the framework (an unknown route, a wrong method, a body
    /// over the limit): the trace id, and a detail that says what to do.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "There is no such resource. The API's endpoints are listed in its OpenAPI document at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => "This resource does not take that method. The OpenAPI document at /openapi/v1.json lists the methods of each endpoint.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than the API accepts. Send less, e.g. one item per call.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with the header Content-Type: application/json.",
            _ => problem.Title,
        };
    }

    /// <summary>The problem an error is, by its type.</summary>
    public static ProblemDetails Describe(Exception exception) => exception switch
    {
        NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        DuplicateKeyException e => Problem(StatusCodes.Status409Conflict, "Already exists", e.Message),
        ConcurrencyConflictException e => Problem(StatusCodes.Status409Conflict, "Changed by someone else", e.Message),
        RunStateException e => WithRule(Problem(StatusCodes.Status409Conflict, "Not allowed in the run's status", e.Message), e.Rule),
        DomainRuleException e => WithRule(Problem(StatusCodes.Status422UnprocessableEntity, "A rule was broken", e.Message), e.Rule),
        ScaleException { Fault: ScaleFault.NotStable or ScaleFault.Overload or ScaleFault.Underload } e => Problem(StatusCodes.Status409Conflict, "The scale cannot weigh this now", e.Message),
        ScaleException e => Problem(StatusCodes.Status503ServiceUnavailable, "The scale is not available", e.Message),
        StoreInputException e => Problem(StatusCodes.Status503ServiceUnavailable, "The store is not a Batchivo database", e.Message),
        BadRequestException e => Problem(StatusCodes.Status400BadRequest, "The request is not valid", e.Message, e.Field),
        BadHttpRequestException { InnerException: JsonException json } => Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON for this call", Sentence(json.Message), json.Path),
        BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large", "The request body is larger than the API accepts. Send less, e.g. one item per call."),
        BadHttpRequestException e => Problem(e.StatusCode, "The request is not valid", Sentence(e.Message)),
        BatchivoException e => Problem(StatusCodes.Status503ServiceUnavailable, "Batchivo cannot serve this now", e.Message),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error", "Something went wrong on the server; nothing was stored. The log has the details under this problem's trace id."),
    };

    private static ProblemDetails Problem(int status, string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return problem;
    }

    private static ProblemDetails WithRule(ProblemDetails problem, DomainRule rule)
    {
        problem.Extensions[RuleMember] = JsonNamingPolicy.KebabCaseLower.ConvertName(rule.ToString());
        return problem;
    }

    // The framework's messages name the CLR type; keep the part that says what was wrong, in the API's words.
    private static string Sentence(string message)
    {
        var text = message.Split(" Path:", 2)[0].Trim();
        text = Unmapped().Replace(text, "any field of this request");
        text = Missing().Replace(text, "The request is missing required fields, including");
        text = ClrName().Replace(text, m => m.Value switch
        {
            var n when n.Contains("Decimal", StringComparison.Ordinal) || n.Contains("Double", StringComparison.Ordinal) => "a number",
            var n when n.Contains("Int32", StringComparison.Ordinal) || n.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            var n when n.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            var n when n.Contains("String", StringComparison.Ordinal) => "a text",
            var n when n.Contains("DateTimeOffset", StringComparison.Ordinal) => "a date and time such as 2026-12-04T09:00:00Z",
            _ => "the object this call takes",
        });
        return TypeName().Replace(text, "the expected type");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:System|Batchivo)\.[\w.`\[\]]+")]
    private static partial System.Text.RegularExpressions.Regex ClrName();

    [System.Text.RegularExpressions.GeneratedRegex(@"any \.NET member contained in type '[^']+'")]
    private static partial System.Text.RegularExpressions.Regex Unmapped();

    [System.Text.RegularExpressions.GeneratedRegex(@"JSON deserialization for type '[^']+' was missing required properties including")]
    private static partial System.Text.RegularExpressions.Regex Missing();

    [System.Text.RegularExpressions.GeneratedRegex(@"type '[^']+'")]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    [LoggerMessage(Level = LogLevel.Error, Message = "{Status} for {Method} {Path} (trace {TraceId})")]
    private static partial void LogServerError(ILogger logger, int status, string method, string path, string traceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Status} for {Method} {Path} (trace {TraceId}): {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string method, string path, string traceId, string detail);
}

/// <summary>A request the API cannot act on, e.g. neither grams nor a scale given: 400, naming the field.</summary>
internal sealed class BadRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
