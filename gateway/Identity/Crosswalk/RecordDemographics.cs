using Lead.Gateway.Identity.Storage;

namespace Lead.Gateway.Identity.Crosswalk;

internal static class RecordDemographics
{
    /// <summary>The stored (already normalised) demographics of a record.</summary>
    public static Demographics Of(RecordRow row) => new(row.Family, row.Given, row.BirthDate, row.Gender, row.PostalCode);
}
