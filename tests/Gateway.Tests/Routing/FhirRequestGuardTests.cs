using System.Text;
using Lead.Gateway.Routing;

namespace Lead.Gateway.Tests.Routing;

public sealed class FhirRequestGuardTests
{
    [Fact]
    public void CheckJson_WellFormed_Null()
    {
        Assert.Null(FhirRequestGuard.CheckJson("{\"resourceType\":\"Patient\",\"active\":true}"u8));
    }

    [Fact]
    public void CheckJson_TrailingComma_NamesLineAndPosition()
    {
        var message = FhirRequestGuard.CheckJson(Encoding.UTF8.GetBytes("{\n\"a\": 1,\n}"));

        Assert.NotNull(message);
        Assert.Contains("line 3, position 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckJson_TooDeep_SaysSo()
    {
        var deep = new string('[', 200) + new string(']', 200);

        var message = FhirRequestGuard.CheckJson(Encoding.UTF8.GetBytes(deep));

        Assert.Contains("nesting deeper than 128", message, StringComparison.Ordinal);
    }
}
