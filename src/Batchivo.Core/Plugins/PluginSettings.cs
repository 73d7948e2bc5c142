using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Plugins;

/// <summary>
/// Binds a store's, scale's or printer's settings to the plugin's typed options class, the way
/// <c>services.Configure&lt;T&gt;(section)</c> does across Microsoft.Extensions, and validates them with DataAnnotations.
/// </summary>
/// <example>
/// <code>
/// var options = PluginSettings.Bind(settings.Settings, new MyScaleOptions(), (key, problem) => new ScaleException(ScaleFault.DeviceError, $"Scale {settings.Name}: {problem}"));
/// </code>
/// </example>
public static class PluginSettings
{
    /// <summary>
    /// Binds each setting to the property of the same name (or <see cref="ConfigurationKeyNameAttribute"/>), case-insensitive,
    /// converting it with the configuration binder (an enum also by its name in kebab case, e.g. <c>never-stable</c>); then validates the options with their DataAnnotations attributes and
    /// <see cref="IValidatableObject"/>. A property no setting names keeps the value <paramref name="options"/> came with
    /// (its documented default); so does a non-text property whose setting is blank. A setter that throws
    /// <see cref="ArgumentException"/> or <see cref="FormatException"/> refuses the value with its message.
    /// </summary>
    /// <typeparam name="T">The options class: public properties with public setters (or <c>init</c>).</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="options">The options with their defaults, bound in place.</param>
    /// <param name="invalid">Builds the plugin's own error from the setting's key and a sentence that says what is wrong and what to give.</param>
    /// <returns><paramref name="options"/>, bound and valid.</returns>
    /// <exception cref="Exception"><paramref name="invalid"/>'s error: a setting is unknown, cannot be converted, or breaks a validation rule.</exception>
    public static T Bind<T>(IConfiguration settings, T options, Func<string, string, Exception> invalid)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(invalid);
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToDictionary(KeyOf, StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings.GetChildren())
        {
            if (!properties.TryGetValue(setting.Key, out var property))
            {
                throw invalid(setting.Key, $"{setting.Key} (given '{setting.Value}') is not a setting here. Give only these: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.");
            }

            if (property.PropertyType != typeof(string) && string.IsNullOrWhiteSpace(setting.Value) && !setting.GetChildren().Any())
            {
                continue;
            }

            object? value;
            try
            {
                value = EnumByName(property.PropertyType, setting.Value) ?? setting.Get(property.PropertyType);
            }
            catch (InvalidOperationException)
            {
                throw invalid(setting.Key, $"{setting.Key} = '{setting.Value}' is not valid. Give {Describe(property.PropertyType)}.");
            }

            try
            {
                property.SetValue(options, value);
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException or FormatException)
            {
                // A property that reads a text of its own (e.g. a script) refuses it in its setter.
                throw invalid(setting.Key, $"{setting.Key} = '{setting.Value}' is not valid: {e.InnerException.Message}");
            }
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            var member = first.MemberNames.FirstOrDefault() ?? string.Empty;
            var key = properties.Values.FirstOrDefault(p => p.Name == member) is { } p ? KeyOf(p) : member;
            var message = first.ErrorMessage ?? $"{key} is not valid.";
            throw invalid(key, settings[key] is { } given ? $"{key} = '{given}': {message}" : message);
        }

        return options;
    }

    /// <summary>Settings given in code, as configuration, e.g. <c>PluginSettings.Of(new Dictionary&lt;string, string?&gt; { ["Port"] = "/dev/ttyUSB0" })</c>.</summary>
    /// <param name="settings">The settings by key; nested keys use a colon (<c>Steps:0</c>).</param>
    /// <returns>The settings as configuration.</returns>
    public static IConfiguration Of(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    // An enum by its name, ignoring case, hyphens and underscores ("never-stable" for NeverStable); null when the text
    // is no name, for the binder to try (numbers, and type converters such as WeightUnit's symbols).
    private static object? EnumByName(Type type, string? text)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!type.IsEnum || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var name = text.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } match ? Enum.Parse(type, match) : null;
    }

    private static string KeyOf(PropertyInfo property) => property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number such as 9600",
            _ when type == typeof(decimal) || type == typeof(double) => "a number such as 850.4 (with a point)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration as hours:minutes:seconds, such as 00:00:02 or 00:00:00.250",
            _ when type == typeof(Devices.WeightUnit) => "g, kg, lb or oz",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ => "a value of the form the plugin's documentation shows for " + type.Name.ToLower(CultureInfo.InvariantCulture),
        };
    }
}
