using Hl7.Fhir.Model;

namespace Lead.Profiles.Operations;

/// <summary>The inputs of one $validate call, read from a Parameters body or a raw resource.</summary>
internal sealed record ValidateRequest(Resource? Resource, string? Profile, string? Mode, string? Problem)
{
    public static ValidateRequest From(Resource body, string? routeType, string? profileQuery)
    {
        // A Parameters body is the operation's input, unless the client validates a Parameters resource itself.
        if (body is not Parameters parameters || routeType == "Parameters")
        {
            return new ValidateRequest(body, profileQuery, null, null);
        }

        var resources = parameters.Parameter.Where(p => p.Name == "resource").ToList();
        if (resources.Count > 1)
        {
            return new ValidateRequest(null, null, null, "Only one 'resource' parameter is allowed");
        }

        var profile = parameters.Parameter.FirstOrDefault(p => p.Name == "profile")?.Value switch
        {
            FhirUri uri => uri.Value,
            Hl7.Fhir.Model.Canonical canonical => canonical.Value,
            FhirString text => text.Value,
            _ => null,
        };
        var mode = parameters.Parameter.FirstOrDefault(p => p.Name == "mode")?.Value switch
        {
            Code code => code.Value,
            FhirString text => text.Value,
            _ => null,
        };

        return new ValidateRequest(resources.FirstOrDefault()?.Resource, profile ?? profileQuery, mode, null);
    }
}
