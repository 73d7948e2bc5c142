namespace Batchivo.Samples.Console;

/// <summary>The command line asks for something that cannot be done as given (a malformed value, a missing choice). Exit code 2.</summary>
internal sealed class InputException(string message) : BatchivoException(message);
