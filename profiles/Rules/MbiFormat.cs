using System.Text.RegularExpressions;

namespace Lead.Profiles.Rules;

/// <summary>
/// The CMS MBI format (domain.md): 11 characters, upper case; position 1 digit 1-9; 2, 5, 8, 9 letter;
/// 3, 6 letter or digit; 4, 7, 10, 11 digit; letters S, L, O, I, B, Z never used.
/// The same expression is the LeadPatient invariant lead-mbi-1.
/// </summary>
internal static partial class MbiFormat
{
    public const string Pattern =
        "^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y][0-9][0-9]$";

    public static bool IsValid(string? mbi) => mbi is not null && Regex().IsMatch(mbi);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Regex();
}
