using System.Text.Json;

namespace Lead.Auth.Clients;

/// <summary>
/// A registered JWKS holds public keys only. A private member (<c>d</c>, <c>p</c>, <c>q</c>...) means someone pasted a
/// private key into configuration: refuse it rather than store a secret that should never have left the client.
/// </summary>
internal static class JwksGuard
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    public static string? Check(string jwks)
    {
        try
        {
            using var document = JsonDocument.Parse(jwks);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array
                || keys.GetArrayLength() == 0)
            {
                return "the JWKS must be an object with a non-empty 'keys' array.";
            }

            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object)
                {
                    return "every JWKS key must be an object.";
                }

                if (PrivateMembers.FirstOrDefault(m => key.TryGetProperty(m, out _)) is { } member)
                {
                    return $"the JWKS contains private key material ('{member}'); register public keys only.";
                }

                if (!key.TryGetProperty("kty", out var kty) || kty.GetString() is not ("RSA" or "EC"))
                {
                    return "JWKS keys must be RSA or EC public keys.";
                }

                if (!key.TryGetProperty("kid", out var kid) || string.IsNullOrEmpty(kid.GetString()))
                {
                    return "every JWKS key needs a 'kid'.";
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return $"the JWKS is not valid JSON ({ex.Message}).";
        }
    }
}
