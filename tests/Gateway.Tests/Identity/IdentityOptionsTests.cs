using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Tests.Identity;

/// <summary>A bad Identity setting stops start-up with a message naming it.</summary>
public sealed class IdentityOptionsTests
{
    [Theory]
    [InlineData("Identity:EverythingTypes:0", "Group", "Identity:EverythingTypes: 'Group'")]
    [InlineData("Identity:DemographicThreshold", "0.2", "Identity:DemographicThreshold must be between 0.5 and 1.")]
    [InlineData("Identity:IndexInterval", "00:00:01", "Identity:IndexInterval must be between 5 seconds and 7 days.")]
    public async Task IdentityOptions_Invalid_StopsStartUp(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value, ["Sandbox:Enabled"] = "false" };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(settings));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
