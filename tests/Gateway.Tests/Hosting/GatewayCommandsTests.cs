using Lead.Gateway.Hosting;

namespace Lead.Gateway.Tests.Hosting;

public sealed class GatewayCommandsTests
{
    [Fact]
    public void ConfigurationArguments_AbsolutePathBeforeSwitch_PathNotTakenAsKey()
    {
        string[] args = ["--source", "aco-sandbox", "/data/ndjson", "--DataDirectory", "/srv/lead"];

        var configuration = GatewayCommands.BuildConfiguration(args);

        Assert.Equal("/srv/lead", configuration["DataDirectory"]);
        Assert.Null(configuration["data/ndjson"]);
        Assert.Null(configuration["source"]);
    }

    [Fact]
    public void ConfigurationArguments_EqualsForm_Kept()
    {
        Assert.Equal(["--DataDirectory=/x", "--Storage:Provider", "sqlite"],
            GatewayCommands.ConfigurationArguments(["import", "--DataDirectory=/x", "/p", "--Storage:Provider", "sqlite", "--scope", "a b"]));
    }
}
