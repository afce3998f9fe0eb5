namespace Lead.Gateway.Sandbox.Seed;

/// <summary>A chronic condition with the codes every source uses for it, and the lab that follows it.</summary>
internal sealed record ConditionEntry(string Snomed, string Icd10, string Display, LabEntry? Lab);

/// <summary>A LOINC-coded quantity, the plausible range the generator draws from, and vital sign or laboratory.</summary>
internal sealed record LabEntry(string Loinc, string Display, string Unit, decimal Min, decimal Max, int Decimals, bool Vital = false);

/// <summary>
/// Small made-up vocabularies. Names and places are obviously synthetic on purpose: nothing here may ever
/// look like (or be) a real person. Codes are real public terminology codes so profiles and features can key on them.
/// </summary>
internal static class SeedCatalog
{
    public static readonly string[] GivenFemale =
        ["Ada", "Bea", "Cora", "Dot", "Edna", "Fay", "Gail", "Hattie", "Ida", "June", "Kit", "Lou", "Mae", "Nell", "Opal", "Pearl"];

    public static readonly string[] GivenMale =
        ["Abe", "Bert", "Cal", "Dale", "Earl", "Floyd", "Gus", "Hank", "Ike", "Jed", "Kurt", "Lyle", "Mort", "Ned", "Otis", "Russ"];

    public static readonly string[] Family =
        ["Testwell", "Samplesen", "Mockford", "Fauxley", "Dummond", "Placeholt", "Synthby", "Fictor", "Stubbins", "Seedley",
         "Demoway", "Trialson", "Examplar", "Fixturez", "Pseudon", "Madeup"];

    public static readonly string[] Streets = ["Sample St", "Synthetic Ave", "Fixture Rd", "Mock Ln", "Test Blvd", "Seed Ct"];

    public const string Town = "Sampleville";
    public const string State = "OH";
    public const string PostalCode = "43999";

    public static readonly LabEntry BodyWeight = new("29463-7", "Body weight", "kg", 48m, 118m, 1, Vital: true);
    public static readonly LabEntry HeartRate = new("8867-4", "Heart rate", "/min", 56m, 102m, 0, Vital: true);

    public static readonly ConditionEntry[] Conditions =
    [
        new("44054006", "E11.9", "Type 2 diabetes mellitus", new("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 5.6m, 10.8m, 1)),
        new("42343007", "I50.9", "Congestive heart failure", new("33762-6", "NT-proBNP [Mass/volume] in Serum or Plasma", "pg/mL", 150m, 4200m, 0)),
        new("13645005", "J44.9", "Chronic obstructive pulmonary disease", new("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", 86m, 98m, 0, Vital: true)),
        new("52448006", "F03.90", "Dementia", null),
        new("709044004", "N18.30", "Chronic kidney disease stage 3", new("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 1.1m, 2.8m, 2)),
        new("38341003", "I10", "Hypertension", null),
    ];

    // Services both Medicare and Medicaid cover: where payer-of-last-resort questions arise.
    public static readonly (string Hcpcs, string Display, decimal Billed)[] Dme =
    [
        ("E0250", "Hospital bed, fixed height, with any type side rails, with mattress", 1450m),
        ("E0601", "Continuous positive airway pressure (CPAP) device", 980m),
        ("K0001", "Standard wheelchair", 620m),
        ("E1390", "Oxygen concentrator", 1210m),
    ];

    public static readonly (string Hcpcs, string Display, decimal Billed)[] HomeHealth =
    [
        ("G0299", "Direct skilled nursing services of a registered nurse in home health", 185m),
        ("G0151", "Services performed by a qualified physical therapist in home health", 160m),
    ];

    // Medicaid-only long-term services and supports.
    public static readonly (string Hcpcs, string Display, decimal Billed)[] Hcbs =
    [
        ("T1019", "Personal care services, per 15 minutes", 420m),
        ("S5150", "Unskilled respite care, per 15 minutes", 260m),
        ("T2020", "Day habilitation, waiver; per diem", 310m),
        ("S5170", "Home delivered meals", 140m),
    ];

    public static readonly (string Code, string Display)[] Dispositions =
    [
        ("home", "Home"), ("home", "Home"), ("snf", "Skilled nursing facility"), ("other-hcf", "Other healthcare facility"), ("rehab", "Rehabilitation"),
    ];
}
