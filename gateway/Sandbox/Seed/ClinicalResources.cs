using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>Encounters, conditions and observations, shaped the same way whichever source records them.</summary>
internal static class ClinicalResources
{
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";

    public static Encounter Ambulatory(ResourceReference patient, DateOnly day, ResourceReference practitioner, ResourceReference provider) => new()
    {
        Status = Encounter.EncounterStatus.Finished,
        Class = SeedFhir.Coding(SeedFhir.ActCode, "AMB", "ambulatory"),
        Type = [SeedFhir.Concept(SeedFhir.Cpt, "99214", "Office or other outpatient visit, established patient")],
        Subject = patient,
        Participant = [new Encounter.ParticipantComponent { Individual = practitioner }],
        Period = SeedFhir.Period(day, day),
        ServiceProvider = provider,
    };

    /// <summary>An admission (IMP) or emergency visit (EMER) with its discharge: what ADT feeds notify about.</summary>
    public static Encounter Hospital(ResourceReference patient, string classCode, DateOnly admit, DateOnly discharge,
        string dispositionCode, string dispositionDisplay, ResourceReference hospital) => new()
    {
        Status = Encounter.EncounterStatus.Finished,
        Class = classCode == "IMP"
            ? SeedFhir.Coding(SeedFhir.ActCode, "IMP", "inpatient encounter")
            : SeedFhir.Coding(SeedFhir.ActCode, "EMER", "emergency"),
        Subject = patient,
        Period = SeedFhir.Period(admit, discharge),
        Hospitalization = new Encounter.HospitalizationComponent
        {
            AdmitSource = classCode == "IMP"
                ? SeedFhir.Concept("http://terminology.hl7.org/CodeSystem/admit-source", "emd", "From accident/emergency department")
                : null,
            DischargeDisposition = SeedFhir.Concept(
                "http://terminology.hl7.org/CodeSystem/discharge-disposition", dispositionCode, dispositionDisplay),
        },
        ServiceProvider = hospital,
    };

    public static Condition Condition(ResourceReference patient, ConditionEntry entry, DateOnly recorded, bool problemList) => new()
    {
        ClinicalStatus = SeedFhir.Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
        VerificationStatus = SeedFhir.Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
        Category =
        [
            problemList
                ? SeedFhir.Concept(ConditionCategory, "problem-list-item", "Problem List Item")
                : SeedFhir.Concept(ConditionCategory, "encounter-diagnosis", "Encounter Diagnosis"),
        ],
        Code = new CodeableConcept
        {
            Coding = [SeedFhir.Coding(SeedFhir.Snomed, entry.Snomed, entry.Display), SeedFhir.Coding(SeedFhir.Icd10, entry.Icd10)],
            Text = entry.Display,
        },
        Subject = patient,
        RecordedDate = SeedFhir.Day(recorded),
    };

    public static Observation Observation(ResourceReference patient, ResourceReference? encounter, LabEntry lab,
        DateOnly day, Random random) => new()
    {
        Status = ObservationStatus.Final,
        Category =
        [
            lab.Vital
                ? SeedFhir.Concept(ObservationCategory, "vital-signs", "Vital Signs")
                : SeedFhir.Concept(ObservationCategory, "laboratory", "Laboratory"),
        ],
        Code = new CodeableConcept { Coding = [SeedFhir.Coding(SeedFhir.Loinc, lab.Loinc, lab.Display)], Text = lab.Display },
        Subject = patient,
        Encounter = encounter,
        Effective = new FhirDateTime(SeedFhir.Day(day)),
        Value = new Quantity
        {
            Value = Math.Round(lab.Min + ((lab.Max - lab.Min) * (decimal)random.NextDouble()), lab.Decimals),
            Unit = lab.Unit,
            System = SeedFhir.Ucum,
            Code = lab.Unit,
        },
    };
}
