using System.Net.Http.Headers;
using Lead.Gateway.Tests.Smart;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// Standalone App Launch for <see cref="ClientId"/>, a SMART app registered by <see cref="SubscriptionGatewayFixture"/>
/// that may create Subscriptions: one client id whatever patient it runs for. The Smart tests' driver, for this client,
/// picking a patient by its position in the picker.
/// </summary>
internal static class SubscriberApp
{
    public const string ClientId = "test-subscriber-app";
    public const string RedirectUri = AppLaunchDriver.RedirectUri;

    /// <summary>An HttpClient carrying the app's token and the patient it was launched for (null without launch/patient).</summary>
    public static async Task<(HttpClient Client, string? PatientId)> LaunchAsync(Uri gatewayBase, string scope, int pickerIndex = 0)
    {
        using var driver = new AppLaunchDriver(gatewayBase, ClientId);
        var token = await driver.LaunchAsync(scope, new Uri(gatewayBase, "fhir").AbsoluteUri, html => AppLaunchDriver.OfferedPatients(html)[pickerIndex]);
        var client = new HttpClient { BaseAddress = gatewayBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return (client, token.TryGetProperty("patient", out var patient) ? patient.GetString() : null);
    }
}
