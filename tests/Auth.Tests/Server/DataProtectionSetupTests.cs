using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Lead.Auth.Tests.Server;

/// <summary>
/// The real Data Protection stack as <c>AddSmartAuth</c> registers it; each service provider is one start of the server
/// on the same data directory, so two in a row are a restart.
/// </summary>
public sealed class DataProtectionSetupTests : IDisposable
{
    private const string PfxPassword = "pfx-password-for-tests-only";
    private const string Purpose = "Lead.Auth.Tests.DataProtection";
    private const string Secret = "sign-in state";
    private static readonly XNamespace XmlEnc = "http://www.w3.org/2001/04/xmlenc#";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lead-auth-dp-" + Guid.NewGuid().ToString("N"));

    public DataProtectionSetupTests() => Directory.CreateDirectory(DataDirectory);

    private string DataDirectory => Path.Combine(_directory, "data");

    private string KeyRingDirectory => Path.Combine(DataDirectory, "keys", "data-protection");

    [Fact]
    public void DataProtection_WithCertificate_KeyRingEncryptedAtRest()
    {
        var certificate = WritePfx("current");

        ProtectOnce(WithCertificate(certificate));

        AssertKeyRingEncrypted();
    }

    [Fact]
    public void DataProtection_RestartWithSameCertificate_UnprotectsEarlierPayload()
    {
        var certificate = WritePfx("current");
        var payload = ProtectOnce(WithCertificate(certificate));

        using var restarted = BuildServices(WithCertificate(certificate));
        var unprotected = Protector(restarted).Unprotect(payload);

        Assert.Equal(Secret, unprotected);
        AssertKeyRingEncrypted();
    }

    [Fact]
    public void DataProtection_RestartWithOtherCertificate_CannotUnprotect()
    {
        var payload = ProtectOnce(WithCertificate(WritePfx("old")));

        using var restarted = BuildServices(WithCertificate(WritePfx("new")));

        Assert.ThrowsAny<CryptographicException>(() => Protector(restarted).Unprotect(payload));
    }

    [Fact]
    public void DataProtection_OldCertificateInUnprotectCertificatePaths_UnprotectsAfterRotation()
    {
        var old = WritePfx("old");
        var payload = ProtectOnce(WithCertificate(old));
        var settings = WithCertificate(WritePfx("new"));
        settings["Auth:DataProtection:UnprotectCertificatePaths:0"] = old;

        using var rotated = BuildServices(settings);
        var unprotected = Protector(rotated).Unprotect(payload);

        Assert.Equal(Secret, unprotected);
    }

    [Theory]
    [InlineData("missing file", "Auth:DataProtection:CertificatePath", "no certificate file")]
    [InlineData("wrong password", "Auth:DataProtection:CertificatePath", "could not be loaded")]
    [InlineData("not a PFX", "Auth:DataProtection:CertificatePath", "could not be loaded")]
    [InlineData("no private key", "Auth:DataProtection:CertificatePath", "holds no private key")]
    [InlineData("ECDSA key", "Auth:DataProtection:CertificatePath", "is not an RSA certificate")]
    [InlineData("missing old certificate", "Auth:DataProtection:UnprotectCertificatePaths:0", "no certificate file")]
    [InlineData("password without path", "Auth:DataProtection:CertificatePath", "is required")]
    public async Task DataProtection_UnusableCertificate_StopsStartUpNamingTheSetting(string problem, string setting, string reason)
    {
        const string wrongPassword = "wrong-password-never-echoed";
        var overrides = problem switch
        {
            "missing file" => WithCertificate(Path.Combine(_directory, "absent.pfx")),
            "wrong password" => WithCertificate(WritePfx("current"), wrongPassword),
            "not a PFX" => WithCertificate(WriteFile("garbage.pfx", [0x30, 0x82, 0x01, 0x00, 0x42])),
            "no private key" => WithCertificate(WritePfx("public-only", privateKey: false)),
            "ECDSA key" => WithCertificate(WritePfx("ecdsa", ecdsa: true)),
            "missing old certificate" => WithCertificate(WritePfx("current")),
            "password without path" => new() { ["Auth:DataProtection:CertificatePassword"] = PfxPassword },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        if (problem == "missing old certificate")
        {
            overrides["Auth:DataProtection:UnprotectCertificatePaths:0"] = Path.Combine(_directory, "absent-old.pfx");
        }

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var app = AuthServerFixture.Build(DataDirectory, overrides);
            await app.StartAsync();
        });

        Assert.StartsWith(setting, exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PfxPassword, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DataProtection_WithoutCertificate_KeyRingWrittenUnencrypted()
    {
        var payload = ProtectOnce([]);

        using var restarted = BuildServices([]);

        Assert.Equal(Secret, Protector(restarted).Unprotect(payload));
        var key = Assert.Single(Directory.GetFiles(KeyRingDirectory, "key-*.xml"));
        var xml = XDocument.Load(key);
        Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "masterKey");
        Assert.DoesNotContain(xml.Descendants(), e => e.Name.LocalName == "encryptedSecret");
    }

    [Fact]
    public void DataProtection_ReplicasInDifferentFolders_ShareProtectedPayloads()
    {
        var certificate = WritePfx("current");
        string payload;
        using (var first = BuildServices(WithCertificate(certificate), contentRoot: Path.Combine(_directory, "replica-a")))
        {
            payload = Protector(first).Protect(Secret);
        }

        using var second = BuildServices(WithCertificate(certificate), contentRoot: Path.Combine(_directory, "replica-b"));
        var unprotected = Protector(second).Unprotect(payload);

        Assert.Equal(Secret, unprotected);
    }

    [Fact]
    public void SmartDataProtectionOptions_ToString_OmitsPasswords()
    {
        var options = new SmartDataProtectionOptions
        {
            CertificatePath = "/etc/lead/dp.pfx",
            CertificatePassword = PfxPassword,
            UnprotectCertificatePassword = PfxPassword + "-old",
        };

        var text = new SmartAuthOptions { DataProtection = options }.ToString();

        Assert.Contains("/etc/lead/dp.pfx", text, StringComparison.Ordinal);
        Assert.DoesNotContain(PfxPassword, text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static Dictionary<string, string?> WithCertificate(string path, string password = PfxPassword) => new()
    {
        ["Auth:DataProtection:CertificatePath"] = path,
        ["Auth:DataProtection:CertificatePassword"] = password,
    };

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    /// <summary>One start of the server: the key ring is created (and written) on first use.</summary>
    private string ProtectOnce(Dictionary<string, string?> settings)
    {
        using var services = BuildServices(settings);
        return Protector(services).Protect(Secret);
    }

    private ServiceProvider BuildServices(Dictionary<string, string?> settings, string? contentRoot = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (contentRoot is not null)
        {
            // What the host supplies; without an application name Data Protection isolates apps by content root.
            services.AddSingleton<IHostEnvironment>(new HostingEnvironment
            {
                ApplicationName = "Lead.Gateway",
                ContentRootPath = contentRoot,
                EnvironmentName = Environments.Production,
            });
        }

        var database = Path.Combine(DataDirectory, "auth.db");
        services.AddSmartAuth(configuration, db => db.UseSqlite($"Data Source={database}"), DataDirectory);
        return services.BuildServiceProvider();
    }

    private void AssertKeyRingEncrypted()
    {
        var keys = Directory.GetFiles(KeyRingDirectory, "key-*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var text = File.ReadAllText(key);
            var xml = XDocument.Parse(text);
            Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "encryptedSecret");
            Assert.Contains(xml.Descendants(), e => e.Name == XmlEnc + "EncryptedData");
            Assert.DoesNotContain(xml.Descendants(), e => e.Name.LocalName == "masterKey");
            Assert.DoesNotContain("masterKey", text, StringComparison.Ordinal);
        }
    }

    private string WritePfx(string name, bool privateKey = true, bool ecdsa = false)
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = $"CN=lead-data-protection-test-{name}";
        var request = ecdsa
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        return WriteFile(name + ".pfx", (privateKey ? certificate : publicOnly).Export(X509ContentType.Pfx, PfxPassword));
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
