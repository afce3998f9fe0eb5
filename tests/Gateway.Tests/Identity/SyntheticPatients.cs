using Lead.Gateway.Sandbox.Seed;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Identity;

/// <summary>Fresh synthetic people for tests that write: identifiers no seeded person has, so shared fixtures stay intact.</summary>
internal static class SyntheticPatients
{
    private const string Letters = "ACDEFGHJKMNPQRTUVWXY";

    /// <summary>A well-formed, random MBI (domain.md shape; letters S, L, O, I, B, Z never used).</summary>
    public static string Mbi()
    {
        char L() => Letters[Random.Shared.Next(Letters.Length)];
        char D() => (char)('0' + Random.Shared.Next(10));
        return string.Concat((char)('1' + Random.Shared.Next(9)), L(), D(), D(), L(), D(), D(), L(), L(), D(), D());
    }

    public static string MedicaidId() => "T" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static object MbiIdentifier(string mbi) => new { system = LeadCanonicals.MbiSystem, value = mbi };

    public static object MedicaidIdentifier(string id) => new { system = SyntheticPopulation.MedicaidIdSystem, value = id };

    public static Dictionary<string, object> Patient(string family, string given, string birthDate, params object[] identifiers)
    {
        var patient = new Dictionary<string, object>
        {
            ["resourceType"] = "Patient",
            ["name"] = new[] { new { use = "official", family, given = new[] { given } } },
            ["gender"] = "female",
            ["birthDate"] = birthDate,
            ["address"] = new[] { new { use = "home", postalCode = "43001" } },
        };
        if (identifiers.Length > 0)
        {
            // FHIR JSON has no empty arrays.
            patient["identifier"] = identifiers;
        }

        return patient;
    }

    /// <summary>A family name no seeded person has (letters only, so normalisation keeps it).</summary>
    public static string Family() => "Testperson" + new string([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
}
