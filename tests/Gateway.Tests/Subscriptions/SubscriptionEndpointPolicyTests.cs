using System.Net;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>The default configuration: notification endpoints must be public addresses.</summary>
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
}
