using Hl7.Fhir.Model;

namespace Lead.Profiles.Operations;

/// <summary>The OperationOutcome to return and its HTTP status (200 when validation ran).</summary>
public sealed record ValidateOperationResult(OperationOutcome Outcome, int StatusCode);
