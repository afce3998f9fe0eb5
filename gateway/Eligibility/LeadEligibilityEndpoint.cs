using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// <c>Patient/$lead-eligibility</c> on the unified base: every Medicare-side (aco, cms) and Medicaid source is asked
/// in parallel, each within its own timeout; a source the caller may not read is not asked at all.
/// </summary>
internal sealed class LeadEligibilityEndpoint(
    SourceRegistry registry, SourceProbe probe, IEligibilitySourceAccess access, PublicUrls urls, TimeProvider time)
{
    private static readonly FhirJsonSerializer Serializer = new();

    public async Task HandleAsync(HttpContext context)
    {
        EligibilityQuery query;
        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            query = HttpMethods.IsPost(context.Request.Method)
                ? await EligibilityInput.FromBodyAsync(context.Request, today, context.RequestAborted)
                : EligibilityInput.FromQuery(context.Request, today);
        }
        catch (EligibilityInputException ex)
        {
            await Outcome.WriteAsync(context, (HttpStatusCode)ex.Status, ex.Code, ex.Message, ex.Parameter);
            return;
        }

        var answer = EligibilityEvaluator.Evaluate(await AskSourcesAsync(context, query.Identifier), query.Date);
        var parameters = EligibilityParametersWriter.Write(query, answer, id => urls.SourceBase(context, id));
        context.Response.ContentType = FhirMediaTypes.JsonUtf8;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Serializer.SerializeToString(parameters), context.RequestAborted);
    }

    private async Task<IReadOnlyList<SourceFindings>> AskSourcesAsync(HttpContext context, Identifier identifier)
    {
        var consulted = registry.All.Where(s => s.Kind is SourceKinds.Aco or SourceKinds.Cms or SourceKinds.Medicaid).ToList();
        var findings = await Task.WhenAll(consulted.Select(s => AskAsync(context, s, [identifier])));

        // A source may know the person under another identifier (the ACO by MBI when asked by Medicaid ID): the ids a
        // source that found the person holds are a justified link, so sources that found nobody are asked again with them.
        var learned = findings.Where(f => f.Patient is not null).SelectMany(f => f.Patient!.Identifier)
            .Where(i => i.Value is not null && Crosswalk.IsLinkable(i) && !(i.System == identifier.System && i.Value == identifier.Value))
            .DistinctBy(i => (i.System, i.Value)).ToList();
        if (learned.Count == 0 || !findings.Any(f => f.State == SourceState.NotFound))
        {
            return findings;
        }

        var retried = await Task.WhenAll(findings.Select(f => f.State == SourceState.NotFound ? AskAsync(context, f.Source, learned) : Task.FromResult(f)));
        return retried;
    }

    private Task<SourceFindings> AskAsync(HttpContext context, GatewaySource source, IReadOnlyList<Identifier> identifiers)
    {
        string[] types = source.Kind is SourceKinds.Medicaid ? ["Patient", "Coverage"] : ["Patient", "Coverage", "Group"];
        var refused = types.Where(t => !access.CanRead(context, source.Id, t)).ToList();
        return refused.Count > 0
            ? Task.FromResult(SourceFindings.Unknown(source, $"not authorised: the caller may not read {string.Join(", ", refused)} from this source"))
            : probe.ProbeAsync(source, identifiers, context.TraceIdentifier, context.RequestAborted);
    }
}
