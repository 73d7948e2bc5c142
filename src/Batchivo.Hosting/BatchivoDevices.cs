using System.Collections.Concurrent;
using Batchivo.Devices;
using Batchivo.Hosting.Loading;

namespace Batchivo.Hosting;

/// <summary>The configured scales, printer connections and slicer readers, created on first use from the loaded plugins. It is the host's <see cref="IScaleDirectory"/>.</summary>
/// <remarks>
/// Thread-safe. Owns the devices it creates and disposes them with the service provider. Dispose the provider with
/// <c>DisposeAsync</c> where you can; a synchronous <c>Dispose</c> (e.g. <c>using var provider = ...</c>) also works
/// and waits for devices that only dispose asynchronously.
/// </remarks>
public sealed class BatchivoDevices : IScaleDirectory, IAsyncDisposable, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly PluginRegistrations _registrations;
    private readonly BatchivoSelection _selection;
    private readonly ConcurrentDictionary<string, Lazy<IScale>> _scales = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<IPrinterConnector>> _printers = new(StringComparer.OrdinalIgnoreCase);
    private int _disposed;

    internal BatchivoDevices(IServiceProvider services, PluginRegistrations registrations, BatchivoSelection selection)
    {
        _services = services;
        _registrations = registrations;
        _selection = selection;
    }

    /// <summary>The configured scales' names.</summary>
    public IReadOnlyList<string> ScaleNames => [.. _selection.Scales.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The printers with a connection.</summary>
    public IReadOnlyList<string> ConnectedPrinters => [.. _selection.Printers.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The slicer readers loaded.</summary>
    public IReadOnlyList<string> SlicerReaderNames => [.. _registrations.SlicerReaders.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The scale driver names loaded.</summary>
    public IReadOnlyList<string> ScaleDriverNames => [.. _registrations.ScaleDrivers.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The named scale, created on first use.</summary>
    /// <param name="name">The scale's name.</param>
    /// <returns>The scale.</returns>
    /// <exception cref="BatchivoConfigurationException">No such scale, or its driver is not loaded.</exception>
    /// <exception cref="PluginFailedException">The driver's plugin failed to create the scale (e.g. a file it needs is missing).</exception>
    public IScale GetScale(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_selection.Scales.TryGetValue(name.Trim(), out var settings))
        {
            throw new BatchivoConfigurationException($"There is no scale '{name}'. Configured scales: {List(ScaleNames)}. Add it under Batchivo:Scales.");
        }

        return _scales.GetOrAdd(settings.Name, _ => new Lazy<IScale>(() =>
        {
            if (!_registrations.ScaleDrivers.TryGetValue(settings.Driver, out var driver))
            {
                throw new BatchivoConfigurationException($"Scale '{settings.Name}' uses driver '{settings.Driver}', which no loaded plugin provides. Loaded drivers: {List(ScaleDriverNames)}. Check the driver name. {PluginHelp.HowToLoad("scale", "Batchivo.Scales.Serial", "AddSerialScales()")}");
            }

            try
            {
                return driver.Factory(_services, settings);
            }
            catch (Exception ex) when (ex is not BatchivoException and not OutOfMemoryException and not OperationCanceledException)
            {
                throw PluginFailedException.For($"The scale driver '{driver.Name}' (plugin {driver.Plugin})", $"create scale '{settings.Name}'", "Batchivo:Scales", ex);
            }
        })).Value;
    }

    /// <summary>A printer's connection settings.</summary>
    /// <param name="printerName">The printer's name.</param>
    /// <returns>Its settings.</returns>
    /// <exception cref="BatchivoConfigurationException">The printer has no connection.</exception>
    public PrinterConnectionSettings GetPrinterConnection(string printerName)
    {
        ArgumentNullException.ThrowIfNull(printerName);
        return _selection.Printers.TryGetValue(printerName.Trim(), out var settings)
            ? settings
            : throw new BatchivoConfigurationException($"Printer '{printerName}' has no connection. Connected printers: {List(ConnectedPrinters)}. Add it under Batchivo:Printers.");
    }

    /// <summary>The connector of a printer, created on first use.</summary>
    /// <param name="printerName">The printer's name.</param>
    /// <returns>The connector.</returns>
    /// <exception cref="BatchivoConfigurationException">The printer has no connection, or its connector is not loaded.</exception>
    /// <exception cref="PluginFailedException">The connector's plugin failed to create the connection (e.g. a file it needs is missing).</exception>
    public IPrinterConnector GetPrinterConnector(string printerName)
    {
        ArgumentNullException.ThrowIfNull(printerName);
        if (!_selection.Printers.TryGetValue(printerName.Trim(), out var settings))
        {
            throw new BatchivoConfigurationException($"Printer '{printerName}' has no connection. Connected printers: {List(ConnectedPrinters)}. Add it under Batchivo:Printers.");
        }

        return _printers.GetOrAdd(settings.PrinterName, _ => new Lazy<IPrinterConnector>(() =>
        {
            if (!_registrations.PrinterConnectors.TryGetValue(settings.Connector, out var connector))
            {
                throw new BatchivoConfigurationException($"Printer '{settings.PrinterName}' uses connector '{settings.Connector}', which no loaded plugin provides. Loaded connectors: {List([.. _registrations.PrinterConnectors.Keys])}.");
            }

            try
            {
                return connector.Factory(_services, settings);
            }
            catch (Exception ex) when (ex is not BatchivoException and not OutOfMemoryException and not OperationCanceledException)
            {
                throw PluginFailedException.For($"The printer connector '{connector.Name}' (plugin {connector.Plugin})", $"connect printer '{settings.PrinterName}'", "Batchivo:Printers", ex);
            }
        })).Value;
    }

    /// <summary>A slicer reader by name.</summary>
    /// <param name="name">The reader's name.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="BatchivoConfigurationException">No loaded plugin provides it.</exception>
    public ISlicerFileReader GetSlicerReader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _registrations.SlicerReaders.TryGetValue(name.Trim(), out var reader)
            ? reader.Factory(_services)
            : throw new BatchivoConfigurationException($"No loaded plugin provides the slicer reader '{name}'. Loaded readers: {List(SlicerReaderNames)}.");
    }

    /// <summary>
    /// Reads a slicer file with the loaded readers, each in turn (by name), until one recognises it: the first result
    /// that is not <see cref="SlicerReadOutcome.NotRecognised"/> is the answer.
    /// </summary>
    /// <param name="content">The file; a stream that cannot seek (an upload being received) is first copied to a temporary file, since each reader starts at its beginning.</param>
    /// <param name="fileName">The file's name.</param>
    /// <param name="options">The plate, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The first recognising reader's result, or <see cref="SlicerReadOutcome.NotRecognised"/> naming the readers tried.</returns>
    public async Task<SlicerReadResult> ReadSlicerFileAsync(Stream content, string fileName, SlicerReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        if (await SlicerStreams.CopyIfNotSeekableAsync(content, cancellationToken).ConfigureAwait(false) is { } copy)
        {
            await using var copyDisposal = copy.ConfigureAwait(false);
            return await ReadSlicerFileAsync(copy, fileName, options, cancellationToken).ConfigureAwait(false);
        }

        var start = content.Position;
        var tried = new List<string>();
        foreach (var name in SlicerReaderNames)
        {
            content.Position = start;
            var result = await GetSlicerReader(name).TryReadAsync(content, fileName, options, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != SlicerReadOutcome.NotRecognised)
            {
                return result;
            }

            tried.Add($"{name}: {result.Error}");
        }

        return SlicerReadResult.Failed(SlicerReadOutcome.NotRecognised, tried.Count == 0
            ? $"No slicer reader is loaded, so {fileName} cannot be read. Add the Batchivo.Slicers.GCode and Batchivo.Slicers.ThreeMf plugins."
            : $"No loaded slicer reader knows {fileName}. " + string.Join(" ", tried));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var device in CreatedDevices())
        {
            await device.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the devices created, waiting for those that only dispose asynchronously. Prefer <see cref="DisposeAsync"/>.</summary>
    /// <remarks>
    /// The service provider calls this when it is disposed synchronously; without it that would throw, because the
    /// container refuses to dispose a singleton that is only <see cref="IAsyncDisposable"/>.
    /// </remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var device in CreatedDevices())
        {
            if (device is IDisposable disposable)
            {
                disposable.Dispose();
            }
            else
            {
                device.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private List<IAsyncDisposable> CreatedDevices() =>
    [
        .. _scales.Values.Where(l => l.IsValueCreated).Select(l => l.Value),
        .. _printers.Values.Where(l => l.IsValueCreated).Select(l => l.Value),
    ];

    internal static string List(IReadOnlyCollection<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
