using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Auth.Server;

/// <summary>
/// ASP.NET Core Data Protection (sign-in cookie, antiforgery, external sign-in state): one key ring in
/// <c>{dataDirectory}/keys/data-protection</c> that replicas share, encrypted at rest to the certificate configured in
/// <c>Auth:DataProtection</c>. The certificates are loaded here, while services are registered, so that a missing or
/// unusable one stops start-up instead of failing at the first sign-in.
/// </summary>
internal static class DataProtectionSetup
{
    /// <summary>Fixed rather than derived from the content root, so replicas installed in different folders share payloads.</summary>
    public const string ApplicationName = "lead-exchange-gateway";

    private const string Section = SmartAuthOptions.SectionName + ":DataProtection";

    public static void AddSmartDataProtection(this IServiceCollection services, SmartDataProtectionOptions options, string dataDirectory)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys", "data-protection")));

        if (!options.IsEnabled)
        {
            // A password or an old certificate without a current one is most likely a misspelt CertificatePath: refusing
            // it is safer than silently writing unencrypted keys.
            if (options.CertificatePassword is not null || options.UnprotectCertificatePaths.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{Section}:CertificatePath is required when {Section}:CertificatePassword or UnprotectCertificatePaths is set.");
            }

            // Sandbox default: the framework warns at start-up that the keys are stored unencrypted.
            return;
        }

        builder.ProtectKeysWithCertificate(Load(options.CertificatePath!, options.CertificatePassword, $"{Section}:CertificatePath"));
        var previous = options.UnprotectCertificatePaths
            .Select((path, index) => Load(path, options.UnprotectCertificatePassword ?? options.CertificatePassword, $"{Section}:UnprotectCertificatePaths:{index}"))
            .ToArray();
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(previous);
        }
    }

    /// <summary>Messages name the setting and the file, never the password (the loader's own messages do not hold it either).</summary>
    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        // Checked first: the loader reports a missing file only as "Error occurred during a cryptographic operation".
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}: no certificate file at '{path}'.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{setting}: '{path}' could not be loaded as a PKCS#12 (PFX) file: {e.Message}", e);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            var problem = certificate.HasPrivateKey ? "is not an RSA certificate" : "holds no private key";
            certificate.Dispose();
            throw new InvalidOperationException(
                $"{setting}: the certificate in '{path}' {problem}; Data Protection needs an RSA certificate with its private key.");
        }

        return certificate;
    }
}
