using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Lead.Auth.Discovery;

/// <summary>
/// The SMART discovery document (<c>.well-known/smart-configuration</c>). The gateway serves it under every FHIR base;
/// all endpoint URLs point at this authorization server.
/// </summary>
public static class SmartConfiguration
{
    public static readonly string[] Capabilities =
    [
        "launch-ehr", "launch-standalone", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
        "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient", "sso-openid-connect",
        "permission-offline", "permission-patient", "permission-user", "permission-v1", "permission-v2", "authorize-post",
    ];

    public static readonly string[] ScopesSupported =
    [
        "openid", "fhirUser", "profile", "launch", "launch/patient", "launch/encounter", "offline_access",
        "patient/*.rs", "user/*.rs", "system/*.rs", "patient/*.read", "user/*.read", "system/*.read",
        "patient/*.cruds", "user/*.cruds", "system/*.cruds", SmartAuthDefaults.LaunchWriteScope,
    ];

    /// <summary>
    /// Builds the document. <paramref name="issuer"/> is this server's issuer exactly as it appears in tokens' <c>iss</c>
    /// (with its trailing slash), e.g. from <see cref="ServerBase"/>.
    /// </summary>
    public static JsonObject Build(string issuer, string pathPrefix = "/auth")
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var root = issuer.TrimEnd('/') + pathPrefix;
        return new JsonObject
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = root + "/jwks",
            ["authorization_endpoint"] = root + "/authorize",
            ["token_endpoint"] = root + "/token",
            ["introspection_endpoint"] = root + "/introspect",
            ["revocation_endpoint"] = root + "/revoke",
            ["grant_types_supported"] = Array("authorization_code", "client_credentials", "refresh_token"),
            ["response_types_supported"] = Array("code"),
            ["code_challenge_methods_supported"] = Array("S256"),
            ["token_endpoint_auth_methods_supported"] = Array("private_key_jwt", "client_secret_basic"),
            ["token_endpoint_auth_signing_alg_values_supported"] = Array("RS384", "ES384"),
            ["scopes_supported"] = Array(ScopesSupported),
            ["capabilities"] = Array(Capabilities),
        };
    }

    /// <summary>This server's issuer: the configured <c>Auth:Issuer</c>, else the request's base URL (as OpenIddict derives it).</summary>
    public static string ServerBase(SmartAuthOptions options, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        var issuer = string.IsNullOrEmpty(options.Issuer) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.Issuer;
        return issuer.EndsWith('/') ? issuer : issuer + "/";
    }

    private static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
