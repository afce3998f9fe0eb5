namespace Lead.Auth;

/// <summary>
/// Encryption at rest of the ASP.NET Core Data Protection key ring (<c>Auth:DataProtection</c>), the keys behind the
/// sign-in cookie, antiforgery tokens and the external sign-in state. Without <see cref="CertificatePath"/> the keys
/// are written unencrypted under <c>{dataDirectory}/keys/data-protection</c>: fine for the sandbox, not for real data.
/// </summary>
public sealed record SmartDataProtectionOptions
{
    /// <summary>PKCS#12 (PFX) file holding an RSA certificate and its private key; new keys are encrypted to it.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>Password of <see cref="CertificatePath"/> (from a secret store or an environment variable).</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>Previous certificates (PFX, with their private key) still trusted to decrypt keys written before a rotation.</summary>
    public List<string> UnprotectCertificatePaths { get; init; } = [];

    /// <summary>Password of the <see cref="UnprotectCertificatePaths"/> files when it differs from <see cref="CertificatePassword"/>.</summary>
    public string? UnprotectCertificatePassword { get; init; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Without the passwords: options end up in logs and exception messages.</summary>
    public override string ToString() =>
        $"{nameof(SmartDataProtectionOptions)} {{ CertificatePath = {CertificatePath}, UnprotectCertificatePaths = [{string.Join(", ", UnprotectCertificatePaths)}] }}";
}
