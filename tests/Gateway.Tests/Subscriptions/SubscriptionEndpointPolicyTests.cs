using System.Net;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Gateway.Tests.Smart;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>The default configuration: notification endpoints must be public addresses; the demo app's patient/ grants.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class SubscriptionEndpointPolicyTests(SandboxGatewayFixture fixture)
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/notify")]
    [InlineData("http://10.1.2.3/notify")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://localhost/notify")]
    [InlineData("ftp://example.org/notify")]
    public async Task Create_PrivateOrNonHttpEndpoint_Refused(string endpoint)
    {
        using var response = await fixture.Gateway.Client.PostAsync("fhir/Subscription",
            SubscriptionJson.Fhir(SubscriptionJson.Build("encounter-start", endpoint)));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("endpoint", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PatientTokenWithoutSubscriptionGrant_Forbidden()
    {
        var me = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);
        var token = await driver.LaunchAsync("openid fhirUser launch/patient patient/*.rs", new Uri(fixture.Gateway.BaseAddress, "fhir").AbsoluteUri, me.AcoPatientId!);
        using var client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());

        // patient/*.rs reads Subscription but may not create one (no patient/Subscription.c).
        using var response = await client.PostAsync("fhir/Subscription", SubscriptionJson.Fhir(
            SubscriptionJson.Build("encounter-start", "https://subscriber.example.org/notify", $"Encounter?patient=Patient/{me.AcoPatientId}")));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }
}
