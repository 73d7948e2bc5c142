using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Batchivo.Samples.Web.Pages;

/// <summary>The cultures the dashboard formats numbers and dates for, chosen from the browser's Accept-Language; English (United States) otherwise.</summary>
public static class Cultures
{
    /// <summary>The supported cultures: the languages of the shops the product is sold to.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["en-US", "en-GB", "en-AU", "en-CA", "de-DE", "de-AT", "de-CH", "fr-FR", "fr-CA", "nl-NL", "es-ES", "it-IT", "pl-PL", "pt-BR", "sv-SE", "da-DK", "nb-NO", "fi-FI", "cs-CZ", "ja-JP"];

    public static RequestLocalizationOptions Options()
    {
        var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
        return new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en-US"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()],
        };
    }
}
