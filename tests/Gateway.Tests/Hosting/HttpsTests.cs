using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Hosting;

/// <summary>HTTPS with a configured certificate, through standard Kestrel configuration.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task KestrelHttpsEndpoint_ConfiguredCertificate_ServesFhirOverTls()
    {
        using var certificate = CreateCertificate();
        var directory = TempDirectory.Create("tls");
        var pfx = Path.Combine(directory, "gateway.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));

        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = "test-password",
        }, directory);
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                return cert?.Thumbprint == certificate.Thumbprint;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = gateway.BaseAddress };

        using var response = await client.GetAsync("fhir/metadata");

        Assert.Equal("https", gateway.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
        Assert.Contains($"https://127.0.0.1:{gateway.BaseAddress.Port}/fhir", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
