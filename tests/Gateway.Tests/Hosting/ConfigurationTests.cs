using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Tests.Hosting;

/// <summary>A bad configuration stops start-up with a message naming the setting, never a 500 later.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Sources:x:Kind", "pharmacy", "Kind must be one of")]
    [InlineData("Sources:x:BaseUrl", "not a url", "BaseUrl")]
    [InlineData("Sources:x:Auth:Mode", "bearer", "Auth:Token is required")]
    [InlineData("Routing:Rules:0:Source", "nowhere", "'nowhere' is not a configured source")]
    public async Task StartUp_BadSetting_FailsNamingIt(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:x:Kind"] = "aco",
            ["Sources:x:BaseUrl"] = "http://127.0.0.1:9/fhir",
            ["Routing:Rules:0:ResourceTypes:0"] = "Patient",
            ["Routing:Rules:0:Source"] = "x",
            [key] = value,
        };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(settings));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
