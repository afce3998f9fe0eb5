using Hl7.Fhir.Model;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// The answer as a Parameters resource. Every fact cites its resources by their gateway URL (the source's base at the
/// gateway), so a client can read exactly what the verdict rests on with the same token.
/// </summary>
internal static class EligibilityParametersWriter
{
    public static Parameters Write(EligibilityQuery query, EligibilityAnswer answer, Func<string, string> sourceBase)
    {
        var parameters = new Parameters();
        parameters.Add("identifier", new Identifier(query.Identifier.System, query.Identifier.Value));
        parameters.Add("date", new Date(FhirDates.Day(query.Date)));
        parameters.Add("verdict", new Code(answer.Verdict));
        foreach (var reason in answer.Reasons)
        {
            parameters.Parameter.Add(Part("reason", Part("code", new Code(reason.Code)), Part("text", new FhirString(reason.Text))));
        }

        foreach (var fact in answer.Facts)
        {
            var parts = new List<Parameters.ParameterComponent> { Part("status", new Code(fact.Status)) };
            parts.AddRange(fact.Details.Select(d => Part(d.Name, InGatewayTerms(d.Value, fact, sourceBase))));
            parts.AddRange(fact.Evidence.Select(e => Part("evidence",
                Part("source", new FhirString(e.SourceId)),
                Part("resource", new FhirUri($"{sourceBase(e.SourceId)}/{e.ResourceType}/{e.Id}")))));
            parts.AddRange(fact.Notes.Select(n => Part("note", new FhirString(n))));
            parameters.Parameter.Add(new Parameters.ParameterComponent { Name = fact.Name, Part = parts });
        }

        foreach (var source in answer.Sources)
        {
            var parts = new List<Parameters.ParameterComponent>
            {
                Part("id", new FhirString(source.Source.Id)),
                Part("kind", new Code(source.Source.Kind)),
                Part("status", new Code(source.State switch
                {
                    SourceState.Found => "found",
                    SourceState.NotFound => "not-found",
                    _ => EligibilityEvaluator.Unknown,
                })),
            };
            if (source.Patient?.Id is { } id)
            {
                parts.Add(Part("patient", new FhirUri($"{sourceBase(source.Source.Id)}/Patient/{id}")));
            }

            if (source.Reason is { } reason)
            {
                parts.Add(Part("reason", new FhirString(reason)));
            }

            parameters.Parameter.Add(new Parameters.ParameterComponent { Name = "source", Part = parts });
        }

        return parameters;
    }

    /// <summary>
    /// A detail's relative reference (e.g. the roster's ACO, <c>Organization/x</c>) is local to the source the fact
    /// rests on; at the unified base it would resolve elsewhere, so it becomes that source's gateway URL.
    /// </summary>
    private static DataType InGatewayTerms(DataType value, Fact fact, Func<string, string> sourceBase) =>
        value is ResourceReference { Reference: { } reference } local && !reference.Contains("://", StringComparison.Ordinal)
            && fact.Evidence.FirstOrDefault() is { } evidence
            ? new ResourceReference($"{sourceBase(evidence.SourceId)}/{reference}", local.Display)
            : value;

    private static Parameters.ParameterComponent Part(string name, DataType value) => new() { Name = name, Value = value };

    private static Parameters.ParameterComponent Part(string name, params Parameters.ParameterComponent[] parts) => new() { Name = name, Part = [.. parts] };
}
