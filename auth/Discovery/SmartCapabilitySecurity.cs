using System.Text.Json.Nodes;

namespace Lead.Auth.Discovery;

/// <summary>
/// The CapabilityStatement <c>rest.security</c> element for SMART: service code SMART-on-FHIR and the
/// <c>oauth-uris</c> extension pointing at this server's endpoints. Plain JSON, so the gateway can merge it into its
/// CapabilityStatement with whichever FHIR library it uses.
/// </summary>
public static class SmartCapabilitySecurity
{
    public const string OAuthUrisExtension = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    public static JsonObject Build(string issuer, string pathPrefix = "/auth")
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var root = issuer.TrimEnd('/') + pathPrefix;
        return Build(new Dictionary<string, string>
        {
            ["token"] = root + "/token",
            ["authorize"] = root + "/authorize",
            ["introspect"] = root + "/introspect",
            ["revoke"] = root + "/revoke",
        });
    }

    /// <summary>From a SMART discovery document (another server's): its endpoints, named as oauth-uris expects.</summary>
    public static JsonObject FromDiscovery(JsonObject discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        var names = new[] { ("token", "token_endpoint"), ("authorize", "authorization_endpoint"), ("introspect", "introspection_endpoint"), ("revoke", "revocation_endpoint") };
        return Build(names.Where(n => discovery[n.Item2] is JsonValue).ToDictionary(n => n.Item1, n => discovery[n.Item2]!.GetValue<string>()));
    }

    private static JsonObject Build(IReadOnlyDictionary<string, string> endpoints) =>
        new()
        {
            ["cors"] = true,
            ["service"] = new JsonArray(new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject
                {
                    ["system"] = "http://terminology.hl7.org/CodeSystem/restful-security-service",
                    ["code"] = "SMART-on-FHIR",
                }),
            }),
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = OAuthUrisExtension,
                ["extension"] = new JsonArray(endpoints.Select(e => (JsonNode?)Uri(e.Key, e.Value)).ToArray()),
            }),
        };

    private static JsonObject Uri(string name, string value) => new() { ["url"] = name, ["valueUri"] = value };
}
