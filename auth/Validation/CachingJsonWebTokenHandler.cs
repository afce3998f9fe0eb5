using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Validation;

/// <summary>
/// JwtBearer's token handler with a cache of successful validations until the token expires: a client sends the same
/// access token on every request, and re-verifying its signature and audiences each time is most of authorization's
/// cost. The audience binding depends on the request's origin and FHIR base, so those are part of the cache key.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(TimeProvider time, IHttpContextAccessor accessor) : JsonWebTokenHandler
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, TokenValidationResult> cache = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var key = token is null ? null : Key(token);
        if (key is not null && cache.TryGetValue(key, out var hit))
        {
            if (((JsonWebToken)hit.SecurityToken).ValidTo > time.GetUtcNow().UtcDateTime.Add(-validationParameters.ClockSkew))
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = hit.SecurityToken,
                    ClaimsIdentity = hit.ClaimsIdentity.Clone(),
                    Issuer = hit.Issuer,
                    TokenType = hit.TokenType,
                };
            }

            cache.TryRemove(key, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && key is not null && result.SecurityToken is JsonWebToken)
        {
            if (cache.Count >= MaxEntries)
            {
                // Bounded: a flood of distinct tokens costs validations, never memory.
                cache.Clear();
            }

            cache[key] = result;
        }

        return result;
    }

    /// <summary>Token, origin and the first two path segments (<c>/fhir/{source}</c>): what the audience check depends on.</summary>
    private string Key(string token)
    {
        var request = accessor.HttpContext?.Request;
        if (request is null)
        {
            return token;
        }

        var path = request.Path.Value ?? "";
        var cut = -1;
        for (int i = 0, slashes = 0; i < path.Length; i++)
        {
            if (path[i] == '/' && ++slashes == 3)
            {
                cut = i;
                break;
            }
        }

        return string.Concat(token, "|", request.Scheme, "://", request.Host.Value, request.PathBase.Value, cut < 0 ? path : path[..cut]);
    }
}
