using System.Globalization;
using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>Terminology systems and small builders the source renderers share.</summary>
internal static class SeedFhir
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Hcpcs = "https://bluebutton.cms.gov/resources/codesystem/hcpcs";
    public const string Cpt = "http://www.ama-assn.org/go/cpt";
    public const string V2IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";
    public const string BlueButtonEobType = "https://bluebutton.cms.gov/resources/codesystem/eob-type";
    public const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    public const string CarinAdjudication = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
    public const string OrganizationType = "http://terminology.hl7.org/CodeSystem/organization-type";

    /// <summary>
    /// Roles in the integrated care team. Not in LeadCanonicals (the profiles room owns that file): a local
    /// system under the project's base until the profiles define one.
    /// </summary>
    public const string CareTeamRoleSystem = LeadCanonicals.Base + "/CodeSystem/care-team-role";

    /// <summary>The sandbox ACO EHR's medical record numbers.</summary>
    public const string AcoMrnSystem = LeadCanonicals.Base + "/sid/mrn/aco-sandbox";

    /// <summary>Business identifier of attribution rosters.</summary>
    public const string RosterSystem = LeadCanonicals.Base + "/sid/attribution-roster";

    /// <summary>Synthetic NPIs (ten digits, never checked against NPPES).</summary>
    public const string Npi = "http://hl7.org/fhir/sid/us-npi";

    public static ResourceReference Ref(Resource resource) => new($"{resource.TypeName}/{resource.Id}");

    public static Coding Coding(string system, string code, string? display = null) => new(system, code, display);

    public static CodeableConcept Concept(string system, string code, string? display = null) => new() { Coding = [new Coding(system, code, display)] };

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Period Period(DateOnly start, DateOnly? end = null) =>
        new() { Start = Day(start), End = end is { } e ? Day(e) : null };

    public static Money Usd(decimal amount) => new() { Value = amount, Currency = Money.Currencies.USD };

    public static Identifier Identifier(string system, string value, string? typeCode = null) => new(system, value)
    {
        Type = typeCode is null ? null : Concept(V2IdentifierType, typeCode),
    };

    public static Organization Organization(string name, string typeCode, params Identifier[] identifiers) => new()
    {
        Active = true,
        Name = name,
        Type = [Concept(OrganizationType, typeCode)],
        Identifier = [.. identifiers],
    };

    public static Patient Patient(SeedPerson person, IEnumerable<Identifier> identifiers) => new()
    {
        Identifier = [.. identifiers],
        Active = true,
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = person.Family, Given = [person.Given] }],
        Gender = person.Gender,
        BirthDate = Day(person.BirthDate),
        Address =
        [
            new Address
            {
                Use = Address.AddressUse.Home, Line = [person.AddressLine], City = SeedCatalog.Town,
                State = SeedCatalog.State, PostalCode = SeedCatalog.PostalCode, Country = "US",
            },
        ],
    };

    public static Practitioner Practitioner(string given, string family, string qualification) => new()
    {
        Active = true,
        Name = [new HumanName { Family = family, Given = [given], Prefix = [qualification] }],
    };
}
