using System.Net;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Indexing;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Identity.Everything;

/// <summary>
/// The combined record: <c>GET /fhir/Patient/$everything?identifier=system|value</c> and
/// <c>GET /fhir/Patient/{personId}/$everything</c>. One searchset Bundle with the person's compartment from every source
/// the token may use, each entry under its source's gateway URL and marked with its source. A resource is listed once
/// per (source, type, id); the same content held by two sources stays twice, each with its provenance (merging would be a
/// guess). Types the token does not grant are left out; a patient/ token sees only its own person.
/// </summary>
internal sealed class EverythingEndpoint(
    CrosswalkQueries queries, CompartmentReader compartments, IdentityAccess access, IdentifierClassifier classifier, SourceRegistry registry,
    SourceMarking marking, PublicUrls urls, IndexReadiness readiness, EverythingPageCache pages, IOptions<IdentityOptions> options,
    TimeProvider time)
{
    private const int DefaultCount = 100;
    private const string NotYours = "No such person.";

    public async Task HandleAsync(HttpContext context, string? personId)
    {
        var ct = context.RequestAborted;
        var (query, error) = EverythingQuery.Parse(context.Request.Query, personId, DefaultCount, options.Value.MaxPageSize, time.GetUtcNow());
        var types = query is null ? [] : Types(query, ref error);
        if (query is null || error is not null)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, error!);
            return;
        }

        if (!await readiness.WaitAsync(options.Value.StartupWait, ct))
        {
            context.Response.Headers.RetryAfter = "5";
            await Outcome.WriteAsync(context, HttpStatusCode.ServiceUnavailable, OperationOutcome.IssueType.Transient, "The identity crosswalk is still being built.");
            return;
        }

        var (contexts, ownPerson, refusal) = await CallerAsync(context);
        if (refusal is not null)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden, refusal);
            return;
        }

        var (person, status, problem) = await PersonAsync(query, ownPerson, ct);
        if (ownPerson is not null && person != ownPerson && status != HttpStatusCode.BadRequest)
        {
            // A patient/ token learns nothing about who exists: an unknown identifier, another person's and one in a
            // recorded conflict all get the same answer. (A malformed identifier depends on the request alone.)
            await Outcome.WriteAsync(context, HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, NotYours);
            return;
        }

        if (person is null)
        {
            await Outcome.WriteAsync(context, status,
                status == HttpStatusCode.Conflict ? OperationOutcome.IssueType.Conflict
                : status == HttpStatusCode.BadRequest ? OperationOutcome.IssueType.Invalid : OperationOutcome.IssueType.NotFound,
                problem!);
            return;
        }

        var token = IdentityAccess.Token(context);
        var granted = types.Where(t => !access.Enforced || contexts.Any(c => IdentityAccess.Unconstrained(token, c, t))).ToList();
        var records = (await queries.OfPersonsAsync([person], ct))
            .Where(r => access.MayUseSource(context, r.Source) && registry.Find(r.Source)?.Upstream is not null).ToList();
        var patientOnly = ownPerson is not null;
        var key = EverythingPageCache.Key(person, records, granted, patientOnly, query.Since, query.Snapshot);
        if (!pages.TryGet(key, out var assembly))
        {
            assembly = await GatherAsync(context, records, granted, query, patientOnly);
            if (query.Offset + query.Count < assembly.Entries.Count)
            {
                // A next link will be issued: keep the assembly for the pages that follow.
                pages.Set(key, assembly);
            }
        }

        await FhirJson.WriteAsync(context, Bundle(context, person, query, assembly));
    }

    private List<string> Types(EverythingQuery query, ref string? error)
    {
        List<string> known = ["Patient", .. options.Value.CompartmentTypes];
        var unknown = query.Types?.FirstOrDefault(t => !known.Contains(t, StringComparer.Ordinal));
        if (unknown is not null)
        {
            error ??= $"_type may name only {string.Join(", ", known)}.";
        }

        return query.Types is null ? known : [.. known.Where(query.Types.Contains)];
    }

    /// <summary>The SMART contexts whose grants apply, and for a patient/ token its own person.</summary>
    private async Task<(SmartContext[] Contexts, string? OwnPerson, string? Refusal)> CallerAsync(HttpContext context)
    {
        if (!access.Enforced || access.MayReadPopulation(context))
        {
            return ([SmartContext.System, SmartContext.User], null, null);
        }

        var token = IdentityAccess.Token(context);
        if (token.PatientId is null || access.PatientSource(context) is not { } source)
        {
            return ([], null, "Patient/$everything needs a system/ or user/ grant to read Patient, or a patient/ token with a patient context.");
        }

        var record = await queries.RecordAsync(source, token.PatientId, context.RequestAborted);
        // A patient the crosswalk does not know has no person: every person id is then someone else's.
        return ([SmartContext.Patient], record?.PersonId ?? PersonIds.Prefix + "none", null);
    }

    /// <param name="ownPerson">A patient/ token's own person: an identifier in a recorded conflict that includes it is its own.</param>
    private async Task<(string? Person, HttpStatusCode Status, string? Problem)> PersonAsync(EverythingQuery query, string? ownPerson, CancellationToken ct)
    {
        if (query.PersonId is { } id)
        {
            return (await queries.OfPersonsAsync([id], ct)).Count > 0 ? (id, HttpStatusCode.OK, null) : (null, HttpStatusCode.NotFound, "No such person.");
        }

        var parts = query.Identifier!.Split('|', 2);
        if (parts.Length != 2 || classifier.Classify(parts[0], parts[1]) is not { } identifier)
        {
            return (null, HttpStatusCode.BadRequest, "identifier must be system|value of an MBI, a Medicaid ID or an HIE MPI id.");
        }

        var persons = (await queries.ByIdentifierAsync(identifier, ct)).Select(r => r.PersonId).Distinct().ToList();
        if (ownPerson is not null && persons.Contains(ownPerson))
        {
            // Answering with its own record is what it would get without the conflict: nothing about the other person shows.
            return (ownPerson, HttpStatusCode.OK, null);
        }

        return persons.Count switch
        {
            0 => (null, HttpStatusCode.NotFound, "No person carries that identifier."),
            1 => (persons[0], HttpStatusCode.OK, null),
            _ => (null, HttpStatusCode.Conflict, "The identifier points to more than one person in the crosswalk (a recorded conflict); ask by person id."),
        };
    }

    private async Task<EverythingAssembly> GatherAsync(
        HttpContext context, IReadOnlyList<RecordRow> records, IReadOnlyList<string> types, EverythingQuery query, bool patientOnly)
    {
        var reads = await Task.WhenAll(records.Select(r => compartments.ReadAsync(registry.Find(r.Source)!, r.PatientId, types,
            query.Since, query.Snapshot, context.TraceIdentifier, context.RequestAborted)));
        var sourceOrder = registry.All.Select(s => s.Id).ToList();
        var entries = records.Zip(reads)
            .SelectMany(x => x.Second.Entries.Where(e => !patientOnly || CompartmentReader.BelongsTo(e, x.First.PatientId)))
            .DistinctBy(e => (e.Source, e.Type, e.Id))
            .OrderBy(e => sourceOrder.IndexOf(e.Source)).ThenBy(e => IndexOf(types, e.Type)).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new EverythingAssembly(entries, [.. reads.SelectMany(r => r.Problems).Order(StringComparer.Ordinal)]);
    }

    private JsonObject Bundle(HttpContext context, string person, EverythingQuery query, EverythingAssembly assembly)
    {
        var (entries, problems) = (assembly.Entries, assembly.Problems);
        var page = new JsonArray();
        var markers = new Dictionary<string, Func<string, JsonObject>>(StringComparer.Ordinal);
        foreach (var entry in entries.Skip(query.Offset).Take(query.Count))
        {
            if (!markers.TryGetValue(entry.Source, out var mark))
            {
                markers[entry.Source] = mark = marking.For(context, registry.Find(entry.Source)!);
            }

            page.Add(new JsonObject
            {
                ["fullUrl"] = marking.FullUrl(context, entry.Source, entry.Type, entry.Id),
                ["resource"] = mark(entry.Json),
                ["search"] = new JsonObject { ["mode"] = "match" },
            });
        }

        foreach (var problem in problems)
        {
            page.Add(FhirJson.OutcomeEntry("warning", "incomplete", problem));
        }

        var personBase = $"{urls.FhirBase(context)}/Patient/{person}/$everything";
        var links = new JsonArray(FhirJson.Link("self", context.Request.QueryString.HasValue ? personBase + context.Request.QueryString : personBase));
        if (query.Offset + query.Count < entries.Count)
        {
            links.Add(FhirJson.Link("next", $"{personBase}?_cursor={query.NextCursor(person)}"));
        }

        return FhirJson.Searchset(entries.Count, links, page, time.GetUtcNow());
    }

    private static int IndexOf(IReadOnlyList<string> types, string type)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] == type)
            {
                return i;
            }
        }

        return types.Count;
    }
}
