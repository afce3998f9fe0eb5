using System.Security.Claims;
using Lead.Auth.Clients;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.BackendServices;

/// <summary>
/// Validates a SMART Backend Services client assertion (RFC 7523 / SMART "asymmetric client authentication") in full.
/// OpenIddict's own client-assertion validation is bypassed for these because it expects a different shape
/// (<c>typ</c> client-authentication+jwt, <c>aud</c> = issuer); every SMART rule is enforced here instead, and the
/// replay check runs last so an unauthenticated caller cannot burn another client's <c>jti</c> values.
/// </summary>
internal sealed class ClientAssertionValidator(ClientRegistry clients, JwksUriFetcher jwksFetcher, AssertionReplayCache replays, TimeProvider time)
{
    internal static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384];
    internal static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    // Headers that point at keys chosen by the sender: trusting or fetching them would let anyone sign for any client.
    private static readonly string[] RefusedHeaders = ["jku", "x5u", "jwk", "x5c"];

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<AssertionResult> ValidateAsync(
        string assertion, string? requestClientId, IReadOnlyCollection<string> validAudiences, CancellationToken cancellationToken)
    {
        if (!Handler.CanReadToken(assertion))
        {
            return AssertionResult.Fail("The client assertion is not a JWT.");
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return AssertionResult.Fail("The client assertion is not a JWT.");
        }

        if (jwt.IsEncrypted)
        {
            return AssertionResult.Fail("Encrypted client assertions are not supported.");
        }

        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            // Not echoing the sender's alg keeps attacker-chosen text out of the error response.
            return AssertionResult.Fail("The client assertion's alg must be RS384 or ES384.");
        }

        if (RefusedHeaders.FirstOrDefault(h => jwt.TryGetHeaderValue<object>(h, out _)) is { } header)
        {
            return AssertionResult.Fail($"The client assertion carries a '{header}' header; keys are only taken from the registration.");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return AssertionResult.Fail("The client assertion has no kid.");
        }

        var clientId = jwt.Issuer;
        if (string.IsNullOrEmpty(clientId) || !string.Equals(clientId, jwt.Subject, StringComparison.Ordinal))
        {
            return AssertionResult.Fail("The client assertion's iss and sub must both be the client id.");
        }

        if (!string.IsNullOrEmpty(requestClientId) && !string.Equals(requestClientId, clientId, StringComparison.Ordinal))
        {
            return AssertionResult.Fail("client_id does not match the client assertion's issuer.");
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        if (client is null || client.Type == SmartClientTypes.Public)
        {
            return AssertionResult.Fail("Unknown client, or a client without registered keys.");
        }

        var (key, keyError) = await ResolveKeyAsync(client, jwt, cancellationToken);
        if (key is null)
        {
            return AssertionResult.Fail(keyError!);
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [jwt.Alg],
            ValidIssuer = clientId,
            ValidAudiences = validAudiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            ValidTypes = ["JWT"],
        };
        var result = await Handler.ValidateTokenAsync(jwt, parameters);
        if (!result.IsValid)
        {
            return AssertionResult.Fail($"The client assertion is invalid: {Describe(result.Exception)}");
        }

        var now = time.GetUtcNow();
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expires > now + MaxLifetime + ClockSkew)
        {
            return AssertionResult.Fail("The client assertion's exp is more than 5 minutes ahead.");
        }

        if (string.IsNullOrEmpty(jwt.Id) || jwt.Id.Length > 200)
        {
            return AssertionResult.Fail("The client assertion needs a jti (at most 200 characters).");
        }

        if (!await replays.TryRecordAsync(clientId, jwt.Id, expires + ClockSkew, cancellationToken))
        {
            return AssertionResult.Fail("The client assertion's jti was already used.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim("iss", clientId),
            new Claim("sub", clientId),
            new Claim("jti", jwt.Id),
            new Claim("exp", new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds().ToString(), ClaimValueTypes.Integer64),
            .. jwt.Audiences.Select(a => new Claim("aud", a)),
        ], "client_assertion");

        // The shape OpenIddict's own validation would produce: audiences and token type as its private claims.
        identity.SetAudiences(jwt.Audiences.ToArray());
        identity.SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);
        identity.SetExpirationDate(expires);
        identity.SetCreationDate(jwt.IssuedAt == DateTime.MinValue ? null : new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero));
        return new AssertionResult(identity, clientId, null, null);
    }

    /// <summary>The kid must name exactly one usable key of the client's registered JWKS (by value or jwks_uri).</summary>
    private async Task<(SecurityKey? Key, string? Error)> ResolveKeyAsync(RegisteredClient client, JsonWebToken jwt, CancellationToken cancellationToken)
    {
        var keys = client.Jwks;
        var fromUri = false;
        if (keys is null && client.JwksUri is not null)
        {
            (keys, var error) = await jwksFetcher.GetAsync(client.JwksUri, bypassCache: false, cancellationToken);
            if (keys is null)
            {
                return (null, error);
            }

            fromUri = true;
        }

        if (keys is null)
        {
            return (null, "The client has no registered keys.");
        }

        var matches = keys.Keys.Where(k => string.Equals(k.Kid, jwt.Kid, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0 && fromUri)
        {
            // The client may have rotated keys since the cached copy: look once more, uncached.
            (keys, _) = await jwksFetcher.GetAsync(client.JwksUri!, bypassCache: true, cancellationToken);
            matches = keys?.Keys.Where(k => string.Equals(k.Kid, jwt.Kid, StringComparison.Ordinal)).ToList() ?? [];
        }

        if (matches.Count != 1)
        {
            return (null, matches.Count == 0 ? "No registered key has the assertion's kid." : "The assertion's kid matches more than one registered key.");
        }

        var key = matches[0];
        var expectedKty = jwt.Alg == SecurityAlgorithms.RsaSha384 ? "RSA" : "EC";
        if (key.Kty != expectedKty || (!string.IsNullOrEmpty(key.Alg) && key.Alg != jwt.Alg) || (!string.IsNullOrEmpty(key.Use) && key.Use != "sig")
            || key.HasPrivateKey)
        {
            return (null, "The registered key with this kid cannot verify this alg.");
        }

        return (key, null);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired.",
        SecurityTokenNotYetValidException => "its nbf is in the future.",
        SecurityTokenInvalidAudienceException => "its aud is not this server's token endpoint.",
        SecurityTokenInvalidIssuerException => "its iss is not the client id.",
        SecurityTokenNoExpirationException => "it has no exp.",
        SecurityTokenInvalidTypeException => "its typ must be JWT.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "its signature does not verify.",
        _ => exception?.GetType().Name ?? "unknown reason.",
    };
}
