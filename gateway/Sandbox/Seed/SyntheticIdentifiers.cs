using System.Text;
using System.Text.RegularExpressions;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// Synthetic MBIs, Medicaid IDs and HIE MPI ids. Each generator remembers what it issued so the
/// crosswalk never sees two people with the same identifier (a collision would be a false link).
/// </summary>
internal sealed partial class SyntheticIdentifiers(Random random)
{
    // S, L, O, I, B, Z are never used in an MBI (domain.md): they read like digits.
    private const string MbiLetters = "ACDEFGHJKMNPQRTUVWXY";
    private const string MbiLettersAndDigits = MbiLetters + "0123456789";

    private readonly HashSet<string> issued = new(StringComparer.Ordinal);

    /// <summary>The MBI format rule of domain.md, position by position.</summary>
    [GeneratedRegex("^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$")]
    public static partial Regex MbiPattern();

    public string NextMbi() => Unique(() =>
    {
        Span<char> c = stackalloc char[11];
        c[0] = (char)('1' + random.Next(9));
        c[1] = Pick(MbiLetters);
        c[2] = Pick(MbiLettersAndDigits);
        c[3] = Digit();
        c[4] = Pick(MbiLetters);
        c[5] = Pick(MbiLettersAndDigits);
        c[6] = Digit();
        c[7] = Pick(MbiLetters);
        c[8] = Pick(MbiLetters);
        c[9] = Digit();
        c[10] = Digit();
        return new string(c);
    });

    /// <summary>Twelve digits, no leading zero: the shape of a state Medicaid ID.</summary>
    public string NextMedicaidId() => Unique(() => Digits(12));

    /// <summary>The HIE's enterprise id: a prefix keeps it visibly distinct from the other identifiers.</summary>
    public string NextHieMpiId() => Unique(() => "E" + Digits(10));

    private string Unique(Func<string> next)
    {
        while (true)
        {
            var value = next();
            if (issued.Add(value))
            {
                return value;
            }
        }
    }

    private string Digits(int length)
    {
        var sb = new StringBuilder(length);
        sb.Append((char)('1' + random.Next(9)));
        for (var i = 1; i < length; i++)
        {
            sb.Append(Digit());
        }

        return sb.ToString();
    }

    private char Pick(string alphabet) => alphabet[random.Next(alphabet.Length)];

    private char Digit() => (char)('0' + random.Next(10));
}
