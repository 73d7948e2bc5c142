using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Batchivo.Samples.Contracts;

/// <summary>How the documents are written as JSON, the same in every host.</summary>
public static class ContractJson
{
    /// <summary>camelCase names, kebab-case enum values, indented, non-ASCII text as it is.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
