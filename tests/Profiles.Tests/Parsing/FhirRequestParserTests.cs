using System.Diagnostics;
using System.Text;
using Hl7.Fhir.Model;
using Lead.Profiles.Parsing;

namespace Lead.Profiles.Tests.Parsing;

public sealed class FhirRequestParserTests
{
    private readonly FhirRequestParser _parser = new();

    [Fact]
    public void ParseJson_TenThousandDeep_FailsFastWith400()
    {
        var body = Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"extension\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}");
        var clock = Stopwatch.StartNew();

        var result = _parser.Parse(body, "application/fhir+json");

        Assert.True(clock.ElapsedMilliseconds < 500, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(400, result.StatusCode);
        Assert.Null(result.Resource);
        Assert.Contains("deeper than 128", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_Malformed_ReportsLineAndBytePosition()
    {
        var body = Encoding.UTF8.GetBytes("{\n  \"resourceType\": \"Patient\",\n  \"active\": tru\n}");

        var result = _parser.Parse(body, "application/fhir+json; charset=utf-8");

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("line 3, byte", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_ContentErrors_ParseRecoverablySoTheValidatorSeesThem()
    {
        var body = Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"gender\":\"unknown-gender-code\",\"birthDate\":\"1951-13-45\"}");

        var result = _parser.Parse(body, "application/fhir+json");

        Assert.NotNull(result.Resource);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public void ParseJson_NotAResource_Is400()
    {
        var result = _parser.Parse("{\"resourceType\":\"NoSuchType\"}"u8, "application/fhir+json");

        Assert.Equal(400, result.StatusCode);
        Assert.NotEmpty(result.Outcome.Issue);
    }

    [Fact]
    public void Parse_TooLarge_Is413()
    {
        var parser = new FhirRequestParser(new FhirParseLimits { MaxBytes = 64 });

        var result = parser.Parse(Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\"" + new string('a', 100) + "\"}"), "application/fhir+json");

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public void Parse_UnsupportedMediaType_Is415()
    {
        var result = _parser.Parse("name=value"u8, "application/x-www-form-urlencoded");

        Assert.Equal(415, result.StatusCode);
    }

    [Fact]
    public void ParseXml_Patient_Parses()
    {
        var result = _parser.Parse("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>"u8, "application/fhir+xml");

        Assert.True(Assert.IsType<Patient>(result.Resource).Active);
    }

    [SharedTheory]
    [InlineData("list-xhtml-xxe1.xml", "application/fhir+xml")]
    [InlineData("list-xhtml-xxe2.xml", "application/fhir+xml")]
    [InlineData("list-xhtml-xxe.json", "application/fhir+json")]
    public void Parse_XxeCase_IsRefusedWith400(string file, string contentType)
    {
        var path = Path.Combine(TestPaths.Shared()!, "conformance", "fhir-test-cases-r4", "extra-security", file);

        var result = _parser.Parse(File.ReadAllBytes(path), contentType);

        Assert.Equal(400, result.StatusCode);
        Assert.Null(result.Resource);
    }

    [Fact]
    public void ParseXml_ExternalEntityToLocalFile_IsNeverRead()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE foo [ <!ENTITY xxe SYSTEM \"file://{secret}\">]><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&xxe;\"/></Patient>");

        var result = _parser.Parse(body, "application/fhir+xml");

        Assert.Equal(400, result.StatusCode);
        Assert.DoesNotContain("TOP-SECRET", Text(result), StringComparison.Ordinal);
        File.Delete(secret);
    }

    [Fact]
    public void ParseXml_TooDeep_Is400()
    {
        var body = Encoding.UTF8.GetBytes("<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000)) + "</Patient>");

        var result = _parser.Parse(body, "application/fhir+xml");

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("deeper than", Text(result), StringComparison.Ordinal);
    }

    private static string Text(FhirParseResult result) => result.Outcome.Issue[0].Details?.Text ?? "";
}
