using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Search;

namespace Lead.Gateway.Tests.Sandbox.Search;

public sealed class SearchParsingTests
{
    [Theory]
    [InlineData("Patient/123", "Patient", "123")]
    [InlineData("http://example.org/fhir/Patient/abc", "Patient", "abc")]
    [InlineData("Patient/abc/_history/4", "Patient", "abc")]
    [InlineData("abc", null, "abc")]
    public void ParseReference_SearchableForms_GiveTypeAndId(string reference, string? type, string id)
    {
        var parsed = SearchIndexer.ParseReference(reference);

        Assert.Equal((type, id), parsed);
    }

    [Theory]
    [InlineData("#contained")]
    [InlineData("urn:uuid:1234")]
    [InlineData("Patient?identifier=x|y")]
    [InlineData("")]
    public void ParseReference_UnsearchableForms_GiveNull(string reference) => Assert.Null(SearchIndexer.ParseReference(reference));

    [Fact]
    public void DateRange_DayPrecision_CoversWholeDay()
    {
        var range = DateRange.Parse("ge2024-03-05");

        Assert.Equal("ge", range.Prefix);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero).UtcTicks, range.Start);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 0, 0, 0, TimeSpan.Zero).UtcTicks, range.End);
    }

    [Fact]
    public void DateRange_DateTimeWithUnescapedPlusOffset_ConvertsToUtc()
    {
        var range = DateRange.Parse("lt2024-03-05T10:00:00 02:00");

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 0, 0, TimeSpan.Zero).UtcTicks, range.Start);
        Assert.Equal(TimeSpan.TicksPerSecond, range.End - range.Start);
    }

    [Theory]
    [InlineData("xx2024")]
    [InlineData("2024-13")]
    [InlineData("yesterday")]
    public void DateRange_Invalid_Throws400(string value)
    {
        var ex = Assert.Throws<SandboxException>(() => DateRange.Parse(value));

        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void SearchRequest_MixedParameters_SeparatesKnownUnknownAndPaging()
    {
        var request = SearchRequest.Parse("Coverage",
        [
            new("beneficiary", "Patient/1"), new("identifier", "a|b,c"), new("_count", "5000"), new("_offset", "40"),
            new("_include", "Coverage:beneficiary"), new("payor:missing", "true"), new("member", "Patient/1"),
        ], 20, 100);

        Assert.Equal(["beneficiary", "identifier"], request.Criteria.Select(c => c.Name));
        Assert.Equal(["a|b", "c"], request.Criteria[1].Values);
        Assert.Equal(100, request.Count);
        Assert.Equal(40, request.Offset);
        Assert.Equal(new IncludeSpec("Coverage", "beneficiary", null), request.Includes.Single());
        Assert.Equal(["payor:missing", "member"], request.Unknown);
    }

    [Fact]
    public void SearchIndexer_Coverage_IndexesBeneficiaryAsPatientAndIdentifiers()
    {
        var coverage = new Coverage
        {
            Id = "c1",
            Identifier = [new Identifier("urn:medicaid:ny", "AB12345C")],
            Status = FinancialResourceStatusCodes.Active,
            Beneficiary = new ResourceReference("Patient/p1"),
            Payor = [new ResourceReference("Organization/o1")],
            Type = new CodeableConcept("urn:oid:2.16.840.1.113883.3.221.5", "2"),
        };

        var (tokens, references) = SearchIndexer.Extract("medicaid-sandbox", coverage);

        Assert.Contains(tokens, t => t.Param == "identifier" && t.System == "urn:medicaid:ny" && t.Value == "AB12345C");
        Assert.Contains(tokens, t => t.Param == "status" && t.Value == "active");
        Assert.Contains(tokens, t => t.Param == "type" && t.Value == "2");
        Assert.Equal(["beneficiary", "patient", "payor"], references.Select(r => r.Param).Order());
        Assert.All(references, r => Assert.Equal("c1", r.Id));
    }

    [Fact]
    public void SearchIndexer_GroupMembers_IndexedAsMember()
    {
        var group = new Group
        {
            Id = "g1",
            Type = Group.GroupType.Person,
            Actual = true,
            Member = [new Group.MemberComponent { Entity = new ResourceReference("Patient/a") }, new Group.MemberComponent { Entity = new ResourceReference("Patient/b") }],
        };

        var (_, references) = SearchIndexer.Extract("aco-sandbox", group);

        Assert.Equal(["a", "b"], references.Where(r => r.Param == "member").Select(r => r.TargetId));
    }
}
