using System.Globalization;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;

namespace Lead.Gateway.Sandbox.Search;

/// <summary>A date search value (<c>ge2024-01</c>, <c>lt2024-05-01T10:00:00Z</c>) as a prefix and the UTC tick range its precision implies.</summary>
internal sealed record DateRange(string Prefix, long Start, long End)
{
    private static readonly string[] Prefixes = ["eq", "gt", "ge", "lt", "le"];

    public static DateRange Parse(string raw)
    {
        // A '+' in a timezone offset arrives as a space when the client did not escape it.
        var value = raw.Replace(' ', '+');
        var prefix = "eq";
        if (value.Length > 2 && char.IsLetter(value[0]))
        {
            prefix = value[..2];
            value = value[2..];
            if (!Prefixes.Contains(prefix))
            {
                throw Invalid(raw);
            }
        }

        DateTimeOffset start;
        DateTimeOffset end;
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        switch (value.Length)
        {
            case 4 when DateTimeOffset.TryParseExact(value, "yyyy", CultureInfo.InvariantCulture, styles, out start):
                end = start.AddYears(1);
                break;
            case 7 when DateTimeOffset.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, styles, out start):
                end = start.AddMonths(1);
                break;
            case 10 when DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out start):
                end = start.AddDays(1);
                break;
            case > 10 when value[10] == 'T' && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, styles, out start):
                // Second precision unless fractions were given: the stored instant is compared to the whole second named.
                end = value.Contains('.', StringComparison.Ordinal) ? start.AddTicks(1) : start.AddSeconds(1);
                break;
            default:
                throw Invalid(raw);
        }

        return new DateRange(prefix, start.UtcTicks, end.UtcTicks);
    }

    private static SandboxException Invalid(string raw) =>
        new(400, OperationOutcome.IssueType.Invalid, $"_lastUpdated value '{raw}' is not a date with an optional eq/gt/ge/lt/le prefix.", "_lastUpdated");
}
