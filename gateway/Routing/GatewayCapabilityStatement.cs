using Hl7.Fhir.Model;
using Lead.Gateway.Hosting;
using Hl7.Fhir.Serialization;
using Lead.Auth;
using Lead.Auth.Discovery;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Routing;

/// <summary>
/// The gateway's own CapabilityStatement at <c>/fhir/metadata</c>: the resource types the unified base routes, and the
/// connected sources (id, kind, gateway URL) as extensions, so a client can discover every per-source base.
/// </summary>
internal sealed class GatewayCapabilityStatement(
    SourceRegistry registry, UnifiedRoutes unified, PublicUrls urls, IEnumerable<ICapabilityContributor> contributors)
{
    public const string SourceExtension = Lead.Profiles.LeadCanonicals.StructureDefinitionBase + "gateway-source";

    public async Task<CapabilityStatement> BuildAsync(HttpContext context)
    {
        var fhirBase = urls.FhirBase(context);
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = "2026-11-29",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "LEAD Exchange Gateway", Version = typeof(GatewayCapabilityStatement).Assembly.GetName().Version?.ToString() },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "LEAD Exchange Gateway: unified FHIR base", Url = fhirBase },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
        };

        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Requests by resource type are routed to one source by the gateway's rules; every source is also served at its own base (see the gateway-source extensions).",
        };

        rest.Security = await SecurityAsync(context);
        foreach (var source in registry.All)
        {
            rest.Extension.Add(new Extension
            {
                Url = SourceExtension,
                Extension =
                [
                    new Extension("id", new Id(source.Id)),
                    new Extension("kind", new Code(source.Kind)),
                    new Extension("name", new FhirString(source.DisplayName)),
                    new Extension("url", new FhirUrl(urls.SourceBase(context, source.Id))),
                ],
            });
        }

        foreach (var (type, sourceId) in unified.ByType.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Documentation = $"Routed to source '{sourceId}'.",
                Interaction =
                [
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.Vread },
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.Create },
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.Update },
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.Delete },
                    new() { Code = CapabilityStatement.TypeRestfulInteraction.HistoryInstance },
                ],
            });
        }

        foreach (var (name, definition) in Operations)
        {
            rest.Operation.Add(new CapabilityStatement.OperationComponent { Name = name, Definition = definition });
        }

        foreach (var contributor in contributors)
        {
            contributor.Contribute(rest, context);
        }

        statement.Rest.Add(rest);
        return statement;
    }

    /// <summary>Operations the gateway answers itself (not a source).</summary>
    private static readonly (string Name, string Definition)[] Operations =
    [
        ("validate", "http://hl7.org/fhir/OperationDefinition/Resource-validate"),
        ("lead-eligibility", Lead.Profiles.LeadCanonicals.Base + "/OperationDefinition/lead-eligibility"),
        ("match", "http://hl7.org/fhir/OperationDefinition/Patient-match"),
        ("everything", "http://hl7.org/fhir/OperationDefinition/Patient-everything"),
        ("link", Lead.Profiles.LeadCanonicals.Base + "/OperationDefinition/link"),
    ];

    /// <summary>SMART-on-FHIR service and the oauth-uris extension, from the authorization server's own description.</summary>
    private static async Task<CapabilityStatement.SecurityComponent> SecurityAsync(HttpContext context)
    {
        var json = (await SmartSecurityJson.BuildAsync(context)).ToJsonString();

        // The wrapper is not a complete CapabilityStatement: only its security element is read back.
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
        var wrapper = deserializer.DeserializeResource($$"""{"resourceType":"CapabilityStatement","rest":[{"mode":"server","security":{{json}}}]}""");
        return ((CapabilityStatement)wrapper).Rest[0].Security!;
    }
}

/// <summary>A feature answering FHIR interactions of its own (Subscription, operations) describes them in the CapabilityStatement.</summary>
internal interface ICapabilityContributor
{
    void Contribute(CapabilityStatement.RestComponent rest, HttpContext context);
}
