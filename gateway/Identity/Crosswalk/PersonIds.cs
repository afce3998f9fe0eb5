using System.Text.RegularExpressions;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>
/// Gateway person ids: <c>person-</c> and 32 hex digits (a GUID). The prefix keeps them apart from source Patient ids
/// at <c>/fhir/Patient/{id}/$everything</c>: only ids of this shape are the gateway's, any other goes to the source.
/// </summary>
internal static partial class PersonIds
{
    public const string Prefix = "person-";

    /// <summary>Route constraint text for the person id segment.</summary>
    public const string RouteConstraint = "regex(^person-[0-9a-f]{{32}}$)";

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    public static bool IsPersonId(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^person-[0-9a-f]{32}$")]
    private static partial Regex Shape();
}
