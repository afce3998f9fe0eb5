using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Tests.Infrastructure;

/// <summary>One key set per test process: making RSA keys is slow, and nothing here needs fresh ones per test.</summary>
internal static class TestKeys
{
    public static readonly RsaSecurityKey Rsa = new(RSA.Create(2048)) { KeyId = "rsa-1" };

    public static readonly ECDsaSecurityKey Ec = new(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "ec-1" };

    public static readonly RsaSecurityKey OtherRsa = new(RSA.Create(2048)) { KeyId = "rsa-1" };

    public static string PublicJwks(params SecurityKey[] keys) => JsonSerializer.Serialize(new
    {
        keys = keys.Select(k =>
        {
            var jwk = k switch
            {
                RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.Rsa.ExportParameters(false)) { KeyId = rsa.KeyId }),
                ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ECDsa.ExportParameters(false))) { KeyId = ec.KeyId }),
                _ => throw new NotSupportedException(),
            };
            return jwk.Kty == "RSA"
                ? (object)new { kty = jwk.Kty, kid = jwk.Kid, n = jwk.N, e = jwk.E, use = "sig" }
                : new { kty = jwk.Kty, kid = jwk.Kid, crv = jwk.Crv, x = jwk.X, y = jwk.Y, use = "sig" };
        }),
    });
}
