using Batchivo.Devices;

namespace Batchivo.Scales.Serial;

/// <summary>
/// One line a scale sent, parsed. The parsers never throw on what a device sends: a line they cannot read is an
/// <see cref="InvalidFrame"/>, a line that reports a fault is a <see cref="FaultFrame"/>.
/// </summary>
/// <param name="Text">The line as received, without its line end.</param>
public abstract record ScaleFrame(string Text);

/// <summary>A weight.</summary>
/// <param name="Text">The line as received.</param>
/// <param name="Value">The value in <paramref name="Unit"/>.</param>
/// <param name="Unit">The unit, or null when the device left it blank (Sartorius and Kern do while the weight moves).</param>
/// <param name="IsStable">Whether the device says the weight is stable; null when the frame does not say.</param>
/// <param name="Command">The command the line answers (MT-SICS echoes it), if the protocol says.</param>
public sealed record WeightFrame(string Text, decimal Value, WeightUnit? Unit, bool? IsStable, string? Command = null) : ScaleFrame(Text);

/// <summary>An acknowledgement or an answer that is not a weight, e.g. MT-SICS <c>Z A</c> or <c>I4 A "0123456789"</c>.</summary>
/// <param name="Text">The line as received.</param>
/// <param name="Command">The command it answers.</param>
/// <param name="Data">What came with it, unquoted; empty when nothing did.</param>
public sealed record AckFrame(string Text, string Command, string Data) : ScaleFrame(Text);

/// <summary>The device reported a fault: overload, underload, an error reply.</summary>
/// <param name="Text">The line as received.</param>
/// <param name="Fault">What went wrong.</param>
/// <param name="Reason">What the device said, in words.</param>
/// <param name="Command">The command the line answers, if the protocol says; null for general errors.</param>
public sealed record FaultFrame(string Text, ScaleFault Fault, string Reason, string? Command = null) : ScaleFrame(Text);

/// <summary>A line that is not a frame of the protocol (noise, a partial frame, a wrong baud rate).</summary>
/// <param name="Text">The line as received.</param>
/// <param name="Reason">Why it is not a frame.</param>
public sealed record InvalidFrame(string Text, string Reason) : ScaleFrame(Text);

/// <summary>
/// A reply that is neither a weight nor a fault: a model name, a serial number, a version (Sartorius SBI sends them as
/// bare lines, <c>WZA8202-N</c>, <c>SerNo.    0031801165</c>, <c>   079</c>). The drivers skip it while they wait for a
/// weight.
/// </summary>
/// <param name="Text">The line as received.</param>
/// <param name="Data">What it says, trimmed.</param>
public sealed record InfoFrame(string Text, string Data) : ScaleFrame(Text);
