using System.CommandLine;
using System.CommandLine.Parsing;

namespace Batchivo.Samples.Console;

/// <summary>
/// Reads every number and date of the command line with Core's <see cref="InputValues"/>, the reader every host uses:
/// <c>850,5</c>, <c>1,000</c>, <c>8e2</c>, <c>850g</c> and <c>1/2/2026</c> are parse errors that show the accepted form,
/// never another number or a .NET type name.
/// </summary>
internal static class Values
{
    /// <summary>Gives every numeric and date option and argument of <paramref name="command"/> and its subcommands the strict reader.</summary>
    /// <param name="command">The root command, once built.</param>
    public static void Apply(Command command)
    {
        foreach (var option in command.Options)
        {
            Attach(option, option.Name);
        }

        foreach (var argument in command.Arguments)
        {
            Attach(argument, argument.Name.ToUpperInvariant());
        }

        foreach (var subcommand in command.Subcommands)
        {
            Apply(subcommand);
        }
    }

    private static void Attach(Symbol symbol, string name)
    {
        switch (symbol)
        {
            case Option<decimal> o:
                o.CustomParser ??= r => Read(r, name, t => InputValues.TryParseDecimal(t));
                break;
            case Option<decimal?> o:
                o.CustomParser ??= r => Read(r, name, t => InputValues.TryParseDecimal(t));
                break;
            case Option<int> o:
                o.CustomParser ??= r => Read(r, name, t => InputValues.TryParseInteger(t));
                break;
            case Option<int?> o:
                o.CustomParser ??= r => Read(r, name, t => InputValues.TryParseInteger(t));
                break;
            case Argument<int> a:
                a.CustomParser ??= r => Read(r, name, t => InputValues.TryParseInteger(t));
                break;
            case Option<DateTimeOffset?> o:
                o.CustomParser ??= r => Read(r, name, InputValues.TryParseInstant);
                break;
            case Option o when IsUnread(o.ValueType):
                throw new InvalidOperationException($"{name} takes a {o.ValueType.Name}, which has no strict reader; add one to {nameof(Values)}.");
            case Argument a when IsUnread(a.ValueType):
                throw new InvalidOperationException($"{name} takes a {a.ValueType.Name}, which has no strict reader; add one to {nameof(Values)}.");
            default:
                break;
        }
    }

    private static bool IsUnread(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t != typeof(bool) && (t.IsPrimitive || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan));
    }

    private static T Read<T>(ArgumentResult result, string name, Func<string, InputParseResult<T>> parse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        var parsed = parse(text);
        if (!parsed.Success)
        {
            result.AddError($"{name} {parsed.Error}");
        }

        return parsed.Value;
    }
}
