using System.Globalization;
using System.Text;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>The demographics a score compares, normalised (upper case, letters only; postal code's first five digits).</summary>
internal sealed record Demographics(string? Family, string? Given, string? BirthDate, string? Gender, string? PostalCode)
{
    public const double FamilyWeight = 0.3;
    public const double GivenWeight = 0.2;
    public const double BirthDateWeight = 0.3;
    public const double GenderWeight = 0.1;
    public const double PostalCodeWeight = 0.1;

    public bool IsEmpty => Family is null && Given is null && BirthDate is null && Gender is null && PostalCode is null;

    public static Demographics Create(string? family, string? given, string? birthDate, string? gender, string? postalCode) =>
        new(Letters(family), Letters(given), Blank(birthDate), Blank(gender)?.ToLowerInvariant(), Postal(postalCode));

    /// <summary>Sum of the weights of the fields both sides have and agree on: absent data never counts as agreement.</summary>
    public double Score(Demographics other) =>
        Agree(Family, other.Family, FamilyWeight) + Agree(Given, other.Given, GivenWeight) + Agree(BirthDate, other.BirthDate, BirthDateWeight)
        + Agree(Gender, other.Gender, GenderWeight) + Agree(PostalCode, other.PostalCode, PostalCodeWeight);

    private static double Agree(string? a, string? b, double weight) => a is not null && a == b ? weight : 0;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Letters(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            // Accents and punctuation vary between registration systems; the letters do not.
            if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static string? Postal(string? value)
    {
        var digits = new string((value ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 5 ? digits[..5] : null;
    }
}
