using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Hosting;
using Lead.Gateway.Subscriptions.Events;
using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>
/// Create (POST) and update (PUT) of a Subscription: read and check it, bind it to the caller's client and grants,
/// and (unless it is set off) put it back to <c>requested</c> with a handshake queued.
/// </summary>
internal sealed class SubscriptionWriter(
    SubscriptionStore store,
    Outbox outbox,
    SubscriptionCache cache,
    EndpointPolicy endpoints,
    PublicUrls urls,
    PatientPlaces places,
    IOptions<SubscriptionsOptions> options,
    TimeProvider time)
{
    public async Task<IResult> WriteAsync(HttpContext context, string? id)
    {
        var caller = SubscriberContext.From(context);
        var interaction = id is null ? SmartInteraction.Create : SmartInteraction.Update;
        if (!caller.Allows("Subscription", interaction))
        {
            return FhirBody.Forbidden($"The token's scopes do not cover {(id is null ? "creating" : "updating")} Subscription.");
        }

        var existing = id is null ? null : await store.FindAsync(id, context.RequestAborted);
        if (id is not null && (existing is null || !caller.Owns(existing)))
        {
            // Update-as-create is not offered: subscription ids are the gateway's.
            return FhirBody.NotFound($"Subscription/{id}");
        }

        var (subscription, error) = await FhirBody.ReadAsync<Subscription>(context);
        if (subscription is null)
        {
            return error!;
        }

        if (id is not null && subscription.Id is { } bodyId && bodyId != id)
        {
            return FhirBody.Invalid($"The body's id '{bodyId}' does not match the URL's '{id}'.");
        }

        var (spec, problem) = SubscriptionReader.Read(subscription, endpoints, options.Value);
        if (spec is null)
        {
            return FhirBody.Invalid(problem!);
        }

        if (!caller.MayRead(spec.Topic.ResourceType))
        {
            // Fail closed: an event is not a query, so a constraint such as Encounter.rs?class=...|EMER cannot be applied to it.
            return FhirBody.Forbidden(SubscriberGrants.AnyGrant(caller.Token.Scopes, spec.Topic.ResourceType, SmartInteraction.Read, SmartInteraction.Search)
                ? $"The token's scopes cover {spec.Topic.ResourceType} only with query constraints, which a subscription cannot honour: it cannot subscribe to '{spec.Topic.Key}'."
                : $"The token's scopes do not cover {spec.Topic.ResourceType}: it cannot subscribe to '{spec.Topic.Key}'.");
        }

        if (caller.PatientId is { } patient)
        {
            if (caller.PatientSource is null)
            {
                return FhirBody.Forbidden("The token's patient cannot be placed in any source, so no event could be shown to be about it.");
            }

            // Compared as (source, id): the token's own id in another source is somebody else.
            var fhirBase = urls.FhirBase(context);
            if (spec.Filters.Any(f => f.Values.Any(v => PatientPlaces.NamesPatient(f.Parameter, v) && places.ForSubscriber(v, fhirBase) != patient)))
            {
                return FhirBody.Forbidden("A patient/ token may only subscribe to its own patient (in the source its patient is a record of).");
            }
        }

        var row = Build(context, caller, subscription, spec, existing);
        await store.SaveAsync(row, existing is null, context.RequestAborted);
        // The cache must know the subscription before its handshake can make it active (no event may slip past).
        await cache.ReloadAsync(context.RequestAborted);
        outbox.Signal();
        var location = $"{urls.FhirBase(context)}/Subscription/{row.Id}";
        context.Response.Headers.Location = location;
        context.Response.Headers.ETag = $"W/\"{row.VersionId}\"";
        return FhirBody.Json(SubscriptionJson.Current(row), existing is null ? 201 : 200);
    }

    private SubscriptionRow Build(HttpContext context, SubscriberContext caller, Subscription subscription, SubscriptionSpec spec, SubscriptionRow? existing)
    {
        var now = time.GetUtcNow();
        var id = existing?.Id ?? Guid.NewGuid().ToString("N");
        subscription.Id = id;
        subscription.Meta = null;
        var status = spec.Off ? SubscriptionStates.Off : SubscriptionStates.Requested;
        subscription.Status = spec.Off ? Subscription.SubscriptionStatus.Off : Subscription.SubscriptionStatus.Requested;
        subscription.Error = null;
        var row = existing ?? new SubscriptionRow
        {
            Id = id, Json = "", ClientId = caller.ClientId, Scopes = "", FhirBase = "", Topic = "", Endpoint = "", Content = "", Status = "",
            CreatedTicks = now.UtcTicks,
        };
        row.Json = SubscriptionJson.Serialize(subscription);
        row.VersionId = existing is null ? 1 : existing.VersionId + 1;
        row.Scopes = caller.Scopes;
        row.PatientId = caller.PatientId;
        row.Sources = string.Join(' ', caller.Token.Sources);
        row.FhirBase = urls.FhirBase(context);
        row.Topic = spec.Topic.Url;
        row.Filters = spec.Filters.Count == 0 ? "" : $"{spec.Topic.ResourceType}?{string.Join('&', spec.Filters)}";
        row.Endpoint = spec.Endpoint.AbsoluteUri;
        row.Headers = string.Join('\n', spec.Headers);
        row.Content = spec.Content;
        row.ContentType = spec.ContentType;
        row.HeartbeatSeconds = spec.HeartbeatSeconds;
        row.TimeoutSeconds = spec.TimeoutSeconds;
        row.MaxCount = spec.MaxCount;
        row.EndTicks = spec.End?.UtcTicks;
        row.Status = status;
        row.Error = null;
        row.NextHeartbeatTicks = spec.HeartbeatSeconds is { } period ? now.AddSeconds(period).UtcTicks : 0;
        return row;
    }
}
