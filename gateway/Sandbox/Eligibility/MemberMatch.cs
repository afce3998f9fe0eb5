namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>Who a CoverageEligibilityRequest is about: the member's Patient id here, or why none could be settled on.</summary>
internal sealed record MemberMatch(string? PatientId, string? ErrorCode, string? ErrorText)
{
    public static MemberMatch Found(string patientId) => new(patientId, null, null);

    public static MemberMatch Error(string code, string text) => new(null, code, text);
}
