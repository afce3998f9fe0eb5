using Hl7.Fhir.Model;

namespace Lead.Gateway.Eligibility;

/// <summary>A resource a fact rests on, in its source (turned into the source's gateway URL when written).</summary>
internal sealed record Evidence(string SourceId, string ResourceType, string Id);

/// <summary>
/// One eligibility fact (<c>originalMedicare</c>, <c>medicaid</c>, <c>dualStatus</c>, <c>attribution</c>): a status
/// code, details as Parameters parts, the resources it rests on and notes saying why.
/// </summary>
internal sealed record Fact(string Name, string Status)
{
    public List<(string Name, DataType Value)> Details { get; } = [];

    public List<Evidence> Evidence { get; } = [];

    public List<string> Notes { get; } = [];

    public bool IsUnknown => Status == EligibilityEvaluator.Unknown;
}

internal sealed record Reason(string Code, string Text);

/// <summary>The whole answer: verdict, reasons, facts and what each consulted source said.</summary>
internal sealed record EligibilityAnswer(string Verdict, IReadOnlyList<Reason> Reasons, IReadOnlyList<Fact> Facts, IReadOnlyList<SourceFindings> Sources);
