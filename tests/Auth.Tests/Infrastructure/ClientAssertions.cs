using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Tests.Infrastructure;

/// <summary>Builds SMART client assertions, well-formed or deliberately broken.</summary>
internal sealed record ClientAssertions(string ClientId, string Audience)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Create(
        SecurityKey? key = null,
        string? algorithm = null,
        string? issuer = null,
        string? subject = null,
        string? audience = null,
        DateTimeOffset? expires = null,
        DateTimeOffset? notBefore = null,
        string? jti = null,
        bool omitJti = false,
        string? type = "JWT",
        IDictionary<string, object>? extraHeaders = null)
    {
        key ??= TestKeys.Rsa;
        algorithm ??= key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha384 : SecurityAlgorithms.RsaSha384;
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject ?? ClientId,
        };
        if (!omitJti)
        {
            claims["jti"] = jti ?? Guid.NewGuid().ToString("N");
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? ClientId,
            Audience = audience ?? Audience,
            Expires = (expires ?? now.AddMinutes(4)).UtcDateTime,
            IssuedAt = now.UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
            TokenType = type,
            AdditionalHeaderClaims = extraHeaders,
        };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>A token with an arbitrary header, signed (or not) by the caller: for alg none and HS256 attacks.</summary>
    public string CreateRaw(object header, Func<byte[], string> sign, object? payload = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        payload ??= new { iss = ClientId, sub = ClientId, aud = Audience, exp = now + 240, iat = now, jti = Guid.NewGuid().ToString("N") };
        var signingInput = Base64UrlEncoder.Encode(JsonSerializer.Serialize(header)) + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload));
        return signingInput + "." + sign(Encoding.ASCII.GetBytes(signingInput));
    }
}
