using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Validation;

/// <summary>
/// JwtBearer's token handler with a cache of successful validations until the token expires: a client sends the same
/// access token on every request, and re-verifying its RSA signature each time is most of authorization's cost. The
/// audience binding depends on the request path, so it is checked again on every hit; lifetime too.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, TokenValidationResult> cache = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = time.GetUtcNow().UtcDateTime;
        if (token is not null && cache.TryGetValue(token, out var hit))
        {
            var cached = (JsonWebToken)hit.SecurityToken;
            if (cached.ValidTo > now.Add(-validationParameters.ClockSkew)
                && (validationParameters.AudienceValidator is not { } validator || validator(cached.Audiences, cached, validationParameters)))
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = cached,
                    ClaimsIdentity = hit.ClaimsIdentity.Clone(),
                    Issuer = hit.Issuer,
                    TokenType = hit.TokenType,
                };
            }

            if (cached.ValidTo <= now.Add(-validationParameters.ClockSkew))
            {
                cache.TryRemove(token, out _);
            }
            else
            {
                return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidAudienceException("The token is not for this FHIR base.") };
            }
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && token is not null && result.SecurityToken is JsonWebToken)
        {
            if (cache.Count >= MaxEntries)
            {
                // Bounded: a flood of distinct tokens costs validations, never memory.
                cache.Clear();
            }

            cache[token] = result;
        }

        return result;
    }
}
