using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>The Subscription resource as the gateway shows it: as accepted, with the current status and error.</summary>
internal static class SubscriptionJson
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource);

    public static JsonObject Current(SubscriptionRow row)
    {
        var json = (JsonObject)JsonNode.Parse(row.Json)!;
        json["status"] = row.Status;
        json["meta"] = new JsonObject
        {
            ["versionId"] = row.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["profile"] = new JsonArray(Backport.SubscriptionProfile),
        };
        if (row.Error is not null)
        {
            json["error"] = row.Error;
        }
        else
        {
            json.Remove("error");
        }

        return json;
    }
}
