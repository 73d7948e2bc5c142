using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Batchivo.Devices;

namespace Batchivo.Printers.BambuLab;

/// <summary>
/// Checks a printer's certificate: its chain must end at one of the trusted CAs (Bambu Lab's printer CAs, built in, or
/// the PEM file of the setting <c>CaCertificate</c>), never at the system's store, and its name must be the printer's
/// serial (the printer is reached by IP address, so the address cannot be the name checked).
/// </summary>
internal sealed class BambuLabTrust
{
    private readonly X509Certificate2Collection _roots;
    private readonly X509Certificate2Collection _intermediates;

    private BambuLabTrust(X509Certificate2Collection roots, X509Certificate2Collection intermediates, string source)
    {
        _roots = roots;
        _intermediates = intermediates;
        Source = source;
    }

    /// <summary>Where the trusted CAs come from, for messages.</summary>
    public string Source { get; }

    /// <summary>Loads the built-in CAs, or those of <paramref name="path"/>.</summary>
    public static BambuLabTrust Load(string printer, string? path)
    {
        string pem;
        string source;
        if (string.IsNullOrWhiteSpace(path))
        {
            using var stream = typeof(BambuLabTrust).Assembly.GetManifestResourceStream("bambu-ca.pem")
                ?? throw new InvalidOperationException("The plugin's built-in Bambu Lab CA is missing from its assembly.");
            using var reader = new StreamReader(stream);
            pem = reader.ReadToEnd();
            source = "Bambu Lab's printer CAs";
        }
        else
        {
            try
            {
                pem = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new PrinterSettingsException(printer, "CaCertificate", $"the file '{path}' cannot be read ({ex.Message}); give the path of a PEM file of the CA certificate(s).");
            }

            source = $"the CA file {path}";
        }

        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new PrinterSettingsException(printer, "CaCertificate", $"'{path}' is not a PEM file of certificates ({ex.Message}); give a file with -----BEGIN CERTIFICATE----- blocks.");
        }

        if (all.Count == 0)
        {
            throw new PrinterSettingsException(printer, "CaCertificate", $"'{path}' holds no certificate; give a file with -----BEGIN CERTIFICATE----- blocks.");
        }

        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? roots : intermediates).Add(certificate);
        }

        if (roots.Count == 0)
        {
            // A file of intermediates alone: trust them as anchors.
            roots.AddRange(intermediates);
        }

        return new BambuLabTrust(roots, intermediates, source);
    }

    /// <summary>Null when <paramref name="certificate"/> is the printer's; else what is wrong with it.</summary>
    public string? Check(X509Certificate? certificate, X509Chain? presented, string serial)
    {
        if (certificate is null)
        {
            return "the printer sent no certificate";
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        // Printers' certificates name no revocation service, and the printer is on the LAN.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(leaf))
        {
            var problems = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return $"its certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to {Source} ({(problems.Length > 0 ? problems : "untrusted")})";
        }

        if (!leaf.MatchesHostname(serial, allowWildcards: false, allowCommonName: true))
        {
            return $"its certificate is issued to {leaf.GetNameInfo(X509NameType.SimpleName, false)}, not to the serial {serial}";
        }

        return null;
    }
}
