using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Batchivo.Printers.Emulators;

/// <summary>A throwaway certificate authority and the certificates it issues, made with .NET's certificate APIs.</summary>
public sealed class BambuLabCertificates : IDisposable
{
    private readonly RSA _key;

    private BambuLabCertificates(string name, RSA key, X509Certificate2 certificate)
    {
        Name = name;
        _key = key;
        Certificate = certificate;
    }

    /// <summary>The CA's name.</summary>
    public string Name { get; }

    /// <summary>The CA's certificate (with its key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA's certificate as PEM.</summary>
    public string Pem => Certificate.ExportCertificatePem();

    /// <summary>Creates a CA valid from yesterday for ten years.</summary>
    /// <param name="name">Its common name.</param>
    /// <returns>The CA.</returns>
    public static BambuLabCertificates CreateAuthority(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Batchivo tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new BambuLabCertificates(name, key, request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10)));
    }

    /// <summary>Issues a server certificate named <paramref name="serial"/> (subject CN and DNS name), as a printer's is.</summary>
    /// <param name="serial">The printer's serial.</param>
    /// <returns>The certificate's PEM and its private key's PEM.</returns>
    public (string CertificatePem, string KeyPem) IssueServer(string serial)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={serial}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serial);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var serialNumber = RandomNumberGenerator.GetBytes(16);
        serialNumber[0] &= 0x7F;
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1), now.AddDays(-1), now.AddYears(5), serialNumber);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
