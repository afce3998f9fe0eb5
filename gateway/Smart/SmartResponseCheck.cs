using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Auth.Scopes;
using Lead.Gateway.Routing;

namespace Lead.Gateway.Smart;

/// <summary>
/// What the response of an allowed request must still satisfy, for the checks that need the data: the patient
/// compartment of a <c>patient/</c> token, and SMART v2 <c>?param=value</c> constraints on reads. Set as a request
/// feature by the enforcement middleware, applied by the proxy's response rewriting.
/// </summary>
internal sealed record SmartResponseCheck(
    string? PatientId,
    IReadOnlyList<IReadOnlyList<SmartScopeConstraint>> Constraints,
    SmartTokenContext Token) : IResponseBodyCheck
{
    public ResponseBodyVerdict Check(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var type = json.RootElement.TryGetProperty("resourceType", out var t) ? t.GetString() : null;
        if (type == "Bundle")
        {
            var bundle = JsonNode.Parse(body)!.AsObject();
            return SmartResponseChecks.FilterBundle(bundle, this) == 0
                ? new ResponseBodyVerdict(body)
                : new ResponseBodyVerdict(Encoding.UTF8.GetBytes(bundle.ToJsonString()));
        }

        return SmartResponseChecks.CheckResource(json.RootElement, this) is { } refusal
            ? new ResponseBodyVerdict(null, refusal.Status, refusal.Reason)
            : new ResponseBodyVerdict(body);
    }
}
