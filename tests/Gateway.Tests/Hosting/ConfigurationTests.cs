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
    [InlineData("Sources:x:Export:Mode", "copy", "Export:Mode must be search or delegate")]
    [InlineData("Sources:x:Export:Parameters:0", "patient", "Sources:x:Export:Parameters: 'patient' is not an optional $export parameter")]
    [InlineData("Sources:x:Export:MaxRetryAfter", "00:00:00", "Sources:x:Export:MaxRetryAfter")]
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

    [Theory]
    [InlineData("Sources:aco-sandbox:BaseUrl", "http://127.0.0.1:9/fhir", "only Export settings may be given")]
    [InlineData("Sources:aco-sandbox:Export:Mode", "copy", "Sources:aco-sandbox:Export:Mode")]
    public async Task StartUp_SandboxSourceTakesOnlyExportSettings(string key, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
