using System.ComponentModel.DataAnnotations;
using Batchivo.Devices;
using Batchivo.Plugins;
using Microsoft.Extensions.Configuration;

namespace Batchivo.Core.Tests.Plugins;

/// <summary>
/// Plugin settings bound to a typed options class: from configuration as a host reads it (JSON and environment
/// variables alike end up as keys and text), converted by the configuration binder, validated with DataAnnotations.
/// </summary>
public sealed class PluginSettingsTests
{
    [Fact]
    public void Settings_bind_case_insensitively_over_the_documented_defaults()
    {
        var options = Bind(("port", "/dev/ttyUSB1"), ("BAUDRATE", "19200"), ("Timeout", "00:00:00.250"), ("Unit", "kg"), ("Mode", "slow-and-steady"));

        Assert.Equal("/dev/ttyUSB1", options.Port);
        Assert.Equal(19200, options.BaudRate);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Timeout);
        Assert.Equal(WeightUnit.Kilogram, options.Unit);
        Assert.Equal(TestMode.SlowAndSteady, options.Mode);
        // Untouched: the default the class documents.
        Assert.Equal(3, options.Retries);
    }

    [Fact]
    public void A_key_renamed_for_configuration_binds_under_that_name_only()
    {
        Assert.Equal("/dev/hidraw3", Bind(("Port", "x"), ("Device", "/dev/hidraw3")).DevicePath);

        var error = Assert.Throws<SettingsError>(() => Bind(("Port", "x"), ("DevicePath", "/dev/hidraw3")));
        Assert.Equal("DevicePath", error.Key);
        Assert.Contains("Device,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_number_keeps_its_default_and_a_blank_text_is_judged_by_the_rules()
    {
        Assert.Equal(3, Bind(("Port", "x"), ("Retries", " ")).Retries);

        var error = Assert.Throws<SettingsError>(() => Bind(("Port", "  ")));
        Assert.Equal("Port", error.Key);
        Assert.Contains("Give the serial port", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BaudRate", "fast", "a whole number")]
    [InlineData("Timeout", "250", "between")]
    [InlineData("Timeout", "soon", "hours:minutes:seconds")]
    [InlineData("Unit", "stone", "g, kg, lb or oz")]
    [InlineData("Mode", "turbo", "Normal, SlowAndSteady")]
    [InlineData("Retries", "-1", "from 0 to 10")]
    [InlineData("Script", "850, ???", "not a script")]
    [InlineData("Bauds", "9600", "Give only these")]
    public void A_bad_setting_is_the_plugins_own_error_naming_the_setting_its_value_and_what_to_give(string key, string value, string advice)
    {
        var error = Assert.Throws<SettingsError>(() => Bind(("Port", "x"), (key, value)));

        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_across_settings_is_checked_after_binding()
    {
        var error = Assert.Throws<SettingsError>(() => Bind(("Port", "x"), ("Retries", "0"), ("Timeout", "00:00:00.010")));

        Assert.Equal("Retries", error.Key);
        Assert.Contains("at least one retry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_settings_from_a_real_section_bind_too()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scales:0:Settings:Port"] = "COM3",
            ["Scales:0:Settings:Loads:0"] = "850",
            ["Scales:0:Settings:Loads:1"] = "711.5",
        }).Build();

        var options = PluginSettings.Bind(configuration.GetSection("Scales:0:Settings"), new TestOptions(), (key, problem) => new SettingsError(key, problem));

        Assert.Equal("COM3", options.Port);
        Assert.Equal([850m, 711.5m], options.Loads);
    }

    [Fact]
    public void Settings_given_in_code_are_configuration_with_case_insensitive_keys()
    {
        var settings = PluginSettings.Of([new("Port", "/dev/ttyS0"), new("Loads:0", "5")]);

        Assert.Equal("/dev/ttyS0", settings["port"]);
        Assert.Equal("5", settings.GetSection("loads")["0"]);
    }

    private static TestOptions Bind(params (string Key, string? Value)[] settings) =>
        PluginSettings.Bind(PluginSettings.Of(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))), new TestOptions(), (key, problem) => new SettingsError(key, problem));

    public enum TestMode
    {
        Normal,
        SlowAndSteady,
    }

    public sealed class TestOptions : IValidatableObject
    {
        private readonly string _script = "1";

        [Required(ErrorMessage = "Port is missing. Give the serial port, e.g. /dev/ttyUSB0.")]
        public string Port { get; set; } = string.Empty;

        public int BaudRate { get; set; } = 9600;

        [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Timeout must be between 00:00:00.001 and 00:10:00.")]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

        public WeightUnit Unit { get; set; } = WeightUnit.Gram;

        public TestMode Mode { get; set; }

        [Range(0, 10, ErrorMessage = "Retries must be from 0 to 10.")]
        public int Retries { get; set; } = 3;

        [ConfigurationKeyName("Device")]
        public string? DevicePath { get; set; }

        public List<decimal> Loads { get; set; } = [];

        public string Script
        {
            get => _script;
            init => _script = value.Contains('?', StringComparison.Ordinal) ? throw new FormatException("That is not a script; give weights separated by commas.") : value;
        }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Retries == 0 && Timeout < TimeSpan.FromMilliseconds(100))
            {
                yield return new ValidationResult("A timeout under 100 ms needs at least one retry.", [nameof(Retries)]);
            }
        }
    }

    private sealed class SettingsError(string key, string problem) : Exception(problem)
    {
        public string Key { get; } = key;
    }
}
