using System.Text;
using Lead.Gateway.Fhir;
using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>
/// Sends one notification and records the outcome: delivered; retried later with exponential backoff; or, out of
/// attempts, failed with the subscription set to <c>error</c>. A handshake that succeeds makes the subscription active.
/// </summary>
internal sealed class NotificationSender(
    SubscriptionStore subscriptions,
    Outbox outbox,
    SubscriberRegistration registration,
    IHttpClientFactory clients,
    IOptions<SubscriptionsOptions> options,
    TimeProvider time,
    ILogger<NotificationSender> logger)
{
    /// <summary>A subscriber that cannot take its handshake is told so quickly (status error), not after a day of retries.</summary>
    private const int HandshakeAttempts = 3;

    /// <returns>
    /// False when the row is to be retried, or its lease was lost to another replica (later rows of the subscription
    /// must wait).
    /// </returns>
    public async Task<bool> SendAsync(NotificationRow row, CancellationToken ct)
    {
        var subscription = await subscriptions.FindAsync(row.SubscriptionId, ct);
        if (subscription is null || subscription.Status is SubscriptionStates.Off or SubscriptionStates.Error && row.Kind != Backport.Handshake)
        {
            return await outbox.FailedAsync(row, $"subscription is {subscription?.Status ?? "deleted"}", null, ct) || LeaseLost(row);
        }

        if (!await registration.IsRegisteredAsync(subscription.ClientId, ct))
        {
            // An offboarded client's endpoint gets nothing more, whatever it subscribed to while registered.
            const string Reason = "the subscribing client is no longer registered";
            if (!await outbox.FailedAsync(row, Reason, null, ct))
            {
                return LeaseLost(row);
            }

            await subscriptions.SetStatusAsync(subscription.Id, SubscriptionStates.Off, Reason, ct);
            logger.LogWarning("Subscription {Subscription} switched off: its client is no longer registered", subscription.Id);
            return true;
        }

        var (status, since) = row.Kind == Backport.Handshake
            ? (SubscriptionStates.Requested, subscription.EventCount)
            : (SubscriptionStates.Active, row.EventNumber ?? subscription.EventCount);
        var bundle = NotificationBundle.Build(subscription, row.Kind, status, row.EventNumber is null ? [] : [row], since);
        var error = await PostAsync(subscription, bundle.ToJsonString(), ct);
        if (error is null)
        {
            // Only the lease holder records an outcome (and moves the subscription on): a late answer after the lease
            // ran out and another replica took the row must not overwrite that replica's result.
            if (!await outbox.DeliveredAsync(row, ct))
            {
                return LeaseLost(row);
            }

            if (row.Kind == Backport.Handshake)
            {
                await subscriptions.SetStatusAsync(subscription.Id, SubscriptionStates.Active, null, ct);
            }

            return true;
        }

        var attempts = row.Attempts + 1;
        var maxAttempts = row.Kind == Backport.Handshake ? Math.Min(HandshakeAttempts, options.Value.MaxAttempts) : options.Value.MaxAttempts;
        if (attempts >= maxAttempts)
        {
            if (!await outbox.FailedAsync(row, error, null, ct))
            {
                return LeaseLost(row);
            }

            logger.LogWarning("Notification {Notification} to subscription {Subscription} given up after {Attempts} attempts: {Error}", row.Id, subscription.Id, attempts, error);
            await subscriptions.SetStatusAsync(subscription.Id, SubscriptionStates.Error, $"{row.Kind} could not be delivered: {error}", ct);
            return true;
        }

        await outbox.FailedAsync(row, error, time.GetUtcNow() + Backoff(attempts), ct);
        return false;
    }

    private bool LeaseLost(NotificationRow row)
    {
        logger.LogInformation("Notification {Notification} to subscription {Subscription}: lease ran out before the outcome was recorded; left to its current holder", row.Id, row.SubscriptionId);
        return false;
    }

    /// <summary>Initial delay doubled per failed attempt, capped; a little jitter so retries of many rows do not march in step.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var delay = settings.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, attempts - 1);
        var capped = Math.Min(delay, settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.9 + (Random.Shared.NextDouble() * 0.2)));
    }

    /// <summary>Null on a 2xx answer; otherwise a short reason (never the subscriber's response body).</summary>
    private async Task<string?> PostAsync(SubscriptionRow subscription, string body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(subscription.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
            {
                Content = new StringContent(body, Encoding.UTF8, FhirMediaTypes.Json),
            };
            foreach (var header in subscription.Headers.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                request.Headers.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
            }

            using var response = await clients.CreateClient(NotificationHttp.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"the endpoint answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {subscription.TimeoutSeconds} s";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError == HttpRequestError.ConnectionError ? "the endpoint refused the connection" : ex.Message;
        }
    }
}
