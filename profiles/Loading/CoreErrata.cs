using Hl7.Fhir.Model;

namespace Lead.Profiles.Loading;

/// <summary>
/// Corrections to published R4 (4.0.1) core definitions that Firely's own corrections do not cover, each a documented
/// errata fixed in later FHIR versions and applied by the HL7 Java validator. Applied to fresh copies only.
/// </summary>
internal static class CoreErrata
{
    private const string Questionnaire = "http://hl7.org/fhir/StructureDefinition/Questionnaire";

    public static void Apply(Resource resource)
    {
        if (resource is StructureDefinition { Url: Questionnaire } sd)
        {
            // que-12's text says "more than one enableWhen"; its R4 expression says "> 2", so two conditions without
            // enableBehavior passed. R4B and R5 read "> 1".
            foreach (var element in (sd.Snapshot?.Element ?? []).Concat(sd.Differential?.Element ?? []))
            {
                foreach (var constraint in element.Constraint.Where(c => c.Key == "que-12" && c.Expression == "enableWhen.count() > 2 implies enableBehavior.exists()"))
                {
                    constraint.Expression = "enableWhen.count() > 1 implies enableBehavior.exists()";
                }
            }
        }
    }
}
