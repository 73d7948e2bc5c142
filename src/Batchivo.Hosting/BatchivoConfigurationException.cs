namespace Batchivo.Hosting;

/// <summary>The host's configuration asks for something that is not there (an unknown store provider, scale driver...).</summary>
public sealed class BatchivoConfigurationException : BatchivoException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BatchivoConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
