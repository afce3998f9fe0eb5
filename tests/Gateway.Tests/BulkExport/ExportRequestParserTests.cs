using Lead.Gateway.BulkExport.Protocol;

namespace Lead.Gateway.Tests.BulkExport;

public sealed class ExportRequestParserTests
{
    private static readonly ExportRequest System = new(ExportLevel.System, null, null);

    [Fact]
    public void Parse_SupportedParameters_Read()
    {
        var request = ExportRequestParser.Parse(System,
        [
            new("_outputFormat", "application/fhir+ndjson"), new("_since", "2026-01-02T03:04:05+01:00"), new("_type", "Patient, Coverage"),
            new("_typeFilter", "Coverage%3Fstatus%3Dactive"), new("_elements", "id,Patient.name"),
        ], isPost: false, lenient: false);

        Assert.Equal(["Patient", "Coverage"], request.Types);
        Assert.Equal(["Coverage?status=active"], request.TypeFilters);
        Assert.Equal("2026-01-02T02:04:05.0000000Z", request.SinceText);
        Assert.Equal(["id", "Patient.name"], request.Elements);
    }

    [Theory]
    [InlineData("_outputFormat", "text/csv")]
    [InlineData("includeAssociatedData", "LatestProvenanceResources")]
    [InlineData("_type", "Nope")]
    [InlineData("whatever", "1")]
    public void Parse_Unsupported_StrictRefuses_LenientIgnoresAndReports(string name, string value)
    {
        var strict = Assert.Throws<ExportRequestException>(() => ExportRequestParser.Parse(System, [new(name, value)], isPost: false, lenient: false));
        var lenient = ExportRequestParser.Parse(System, [new(name, value)], isPost: false, lenient: true);

        Assert.Equal(global::System.Net.HttpStatusCode.BadRequest, strict.Status);
        Assert.Single(lenient.Ignored);
    }

    [Fact]
    public void Parse_PatientParameter_OnlyByPostBelowSystemLevel()
    {
        var patientLevel = new ExportRequest(ExportLevel.Patient, null, null);

        var posted = ExportRequestParser.Parse(patientLevel, [new("patient", "Patient/1")], isPost: true, lenient: false);

        Assert.Equal(["Patient/1"], posted.Patients);
        Assert.Throws<ExportRequestException>(() => ExportRequestParser.Parse(patientLevel, [new("patient", "Patient/1")], isPost: false, lenient: false));
        Assert.Throws<ExportRequestException>(() => ExportRequestParser.Parse(System, [new("patient", "Patient/1")], isPost: true, lenient: false));
    }
}
