namespace Lead.Gateway.Identity.Match;

/// <summary>One source record the matcher proposes, with its score (0-1) and match grade.</summary>
internal sealed record MatchCandidate(string Source, string PatientId, string PersonId, double Score, string Grade)
{
    public const string Certain = "certain";
    public const string Probable = "probable";
    public const string Possible = "possible";

    /// <summary>http://hl7.org/fhir/StructureDefinition/match-grade (on Bundle.entry.search).</summary>
    public const string MatchGradeExtension = "http://hl7.org/fhir/StructureDefinition/match-grade";
}
