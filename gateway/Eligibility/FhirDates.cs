using System.Globalization;

namespace Lead.Gateway.Eligibility;

/// <summary>FHIR date/dateTime text as the day range it denotes: <c>2026</c> is all of 2026, <c>2026-03</c> all of March.</summary>
internal static class FhirDates
{
    /// <summary>The first day the value denotes; null when absent or not a date.</summary>
    public static DateOnly? Start(string? value) => Parse(value, end: false);

    /// <summary>The last day the value denotes; null when absent or not a date.</summary>
    public static DateOnly? End(string? value) => Parse(value, end: true);

    /// <summary>A full date, <c>YYYY-MM-DD</c>, and nothing else (query parameters from clients).</summary>
    public static bool TryParseDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Parse(string? value, bool end)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 4
            || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        if (value.Length < 7 || !int.TryParse(value.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return end ? new DateOnly(year, 12, 31) : new DateOnly(year, 1, 1);
        }

        if (value.Length >= 10 && int.TryParse(value.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        return end ? new DateOnly(year, month, DateTime.DaysInMonth(year, month)) : new DateOnly(year, month, 1);
    }
}
