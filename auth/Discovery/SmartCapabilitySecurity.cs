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
        return new JsonObject
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
                ["extension"] = new JsonArray(
                    Uri("token", root + "/token"),
                    Uri("authorize", root + "/authorize"),
                    Uri("introspect", root + "/introspect"),
                    Uri("revoke", root + "/revoke")),
            }),
        };
    }

    private static JsonObject Uri(string name, string value) => new() { ["url"] = name, ["valueUri"] = value };
}
