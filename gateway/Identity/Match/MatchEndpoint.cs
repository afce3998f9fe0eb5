using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Indexing;
using Lead.Gateway.Sources;
using Lead.Profiles;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Identity.Match;

/// <summary>
/// <c>POST /fhir/Patient/$match</c> on the unified base (FHIR / IHE PDQm): candidates from every source the token may
/// use, scored from the crosswalk, each Patient read live from its source and served under its gateway URL.
/// </summary>
internal sealed class MatchEndpoint(
    Matcher matcher, IdentityAccess access, SourceRegistry registry, SourceReader reader, SourceMarking marking,
    IdentifierClassifier classifier, IndexReadiness readiness, PublicUrls urls, IOptions<IdentityOptions> options, TimeProvider time)
{
    public const string PersonExtension = LeadCanonicals.StructureDefinitionBase + "gateway-person";
    private const int DefaultCount = 50;

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (!access.MayReadPopulation(context))
        {
            await Outcome.WriteAsync(context, HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden,
                "Patient/$match needs a system/ or user/ grant to read Patient: it searches people beyond one patient's compartment.");
            return;
        }

        var (input, error) = await ReadAsync(context);
        if (input is null)
        {
            await Outcome.WriteAsync(context, error == "415" ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.BadRequest,
                OperationOutcome.IssueType.Invalid, error == "415" ? "Patient/$match takes application/fhir+json." : error!);
            return;
        }

        if (!await readiness.WaitAsync(options.Value.StartupWait, ct))
        {
            context.Response.Headers.RetryAfter = "5";
            await Outcome.WriteAsync(context, HttpStatusCode.ServiceUnavailable, OperationOutcome.IssueType.Transient, "The identity crosswalk is still being built.");
            return;
        }

        var entries = new JsonArray();
        var candidates = (await matcher.MatchAsync(input.Patient, ct))
            .Where(c => access.MayUseSource(context, c.Source) && registry.Find(c.Source)?.Upstream is not null).ToList();
        if (input.OnlyCertainMatches)
        {
            candidates = [.. candidates.Where(c => c.Grade == MatchCandidate.Certain)];
            if (candidates.Select(c => c.PersonId).Distinct().Count() > 1)
            {
                // Per $match: with onlyCertainMatches every record returned must be the same person; the crosswalk is not sure.
                candidates = [];
                entries.Add(FhirJson.OutcomeEntry("information", "multiple-matches",
                    "The certain matches belong to more than one person in the crosswalk (a recorded conflict): none is returned."));
            }
        }

        var chosen = candidates.Take(input.Count ?? DefaultCount).ToList();
        var read = await Task.WhenAll(chosen.Select(c => ReadPatientAsync(context, c)));
        foreach (var (candidate, (resource, problem)) in chosen.Zip(read))
        {
            if (resource is not null)
            {
                entries.Add(Entry(context, candidate, resource));
            }
            else if (problem is not null)
            {
                entries.Add(FhirJson.OutcomeEntry("warning", "incomplete", problem));
            }
        }

        var self = urls.FhirBase(context) + "/Patient/$match";
        var total = entries.Count(e => e?["search"]?["mode"]?.GetValue<string>() == "match");
        await FhirJson.WriteAsync(context, FhirJson.Searchset(total, [FhirJson.Link("self", self)], entries, time.GetUtcNow()));
    }

    private async Task<(MatchInput? Input, string? Error)> ReadAsync(HttpContext context)
    {
        if (!FhirMediaTypes.IsJson(context.Request.ContentType))
        {
            return (null, "415");
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }

        using (body)
        {
            var (input, error) = MatchInput.Parse(body.RootElement);
            if (input is not null && PatientFacts.ReadIdentifiers(input.Patient, classifier).Count == 0 && PatientFacts.ReadDemographics(input.Patient).IsEmpty)
            {
                return (null, "The Patient needs an MBI, a Medicaid ID, an HIE MPI id or demographics (name, birthDate, gender, postal code) to match on.");
            }

            return (input, error);
        }
    }

    private async Task<(string? Json, string? Problem)> ReadPatientAsync(HttpContext context, MatchCandidate candidate)
    {
        var source = registry.Find(candidate.Source)!;
        try
        {
            using var patient = await reader.GetAsync(source, $"Patient/{Uri.EscapeDataString(candidate.PatientId)}", context.TraceIdentifier, context.RequestAborted);
            return (patient.RootElement.GetRawText(), null);
        }
        catch (SourceReadException ex) when (ex.Status is 404 or 410)
        {
            // Deleted since the crosswalk saw it: no longer a candidate; the next index pass forgets it.
            return (null, null);
        }
        catch (SourceReadException ex)
        {
            return (null, $"A candidate from source '{source.Id}' could not be read: {ex.Message}");
        }
    }

    private JsonObject Entry(HttpContext context, MatchCandidate candidate, string json)
    {
        var resource = marking.For(context, registry.Find(candidate.Source)!)(json);
        return new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject { ["url"] = PersonExtension, ["valueString"] = candidate.PersonId }),
            ["fullUrl"] = marking.FullUrl(context, candidate.Source, "Patient", candidate.PatientId),
            ["resource"] = resource,
            ["search"] = new JsonObject
            {
                ["extension"] = new JsonArray(new JsonObject { ["url"] = MatchCandidate.MatchGradeExtension, ["valueCode"] = candidate.Grade }),
                ["mode"] = "match",
                ["score"] = candidate.Score,
            },
        };
    }
}
