using Hl7.Fhir.Model;

namespace Lead.Gateway.Eligibility;

/// <summary>A validated <c>$lead-eligibility</c> request: one person by identifier, one date.</summary>
internal sealed record EligibilityQuery(Identifier Identifier, DateOnly Date);
