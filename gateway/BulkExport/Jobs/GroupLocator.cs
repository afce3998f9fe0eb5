using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lead.Gateway.Sources;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>Finds an attribution roster (Group) among the export's sources and reads its members.</summary>
internal sealed partial class GroupLocator(UpstreamClient upstream, SourceRegistry registry)
{
    /// <summary>The id of the first source holding <c>Group/{groupId}</c>; a source that fails is skipped.</summary>
    public async Task<string?> FindAsync(IReadOnlyList<string> sourceIds, string groupId, CancellationToken ct)
    {
        if (!FhirId().IsMatch(groupId))
        {
            return null;
        }

        foreach (var source in sourceIds.Select(registry.Find).OfType<GatewaySource>())
        {
            try
            {
                using var json = await upstream.GetAsync(source, "Group/" + groupId, ct);
                if (json?.RootElement.TryGetProperty("resourceType", out var type) == true && type.GetString() == "Group")
                {
                    return source.Id;
                }
            }
            catch (SourceFailedException)
            {
                // Another source may hold it; the planner reports failing sources.
            }
        }

        return null;
    }

    /// <summary>Members' Patient ids in the roster's source, with the start of their membership period.</summary>
    public async Task<IReadOnlyList<GroupMember>> MembersAsync(GatewaySource source, string groupId, CancellationToken ct)
    {
        using var json = await upstream.GetAsync(source, "Group/" + groupId, ct)
            ?? throw new SourceFailedException(source.Id, "the Group is no longer there");
        var members = new List<GroupMember>();
        if (!json.RootElement.TryGetProperty("member", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return members;
        }

        foreach (var member in list.EnumerateArray())
        {
            var reference = member.TryGetProperty("entity", out var entity) && entity.TryGetProperty("reference", out var r) ? r.GetString() : null;
            var id = PatientId(reference);
            if (id is null)
            {
                continue;
            }

            DateTimeOffset? start = member.TryGetProperty("period", out var period) && period.TryGetProperty("start", out var s)
                && DateTimeOffset.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                    ? parsed
                    : null;
            members.Add(new GroupMember(id, start));
        }

        return members;
    }

    /// <summary><c>Patient/x</c> or an absolute URL ending so; other member types (Group, Device…) are not people.</summary>
    public static string? PatientId(string? reference)
    {
        if (reference is null)
        {
            return null;
        }

        var parts = reference.Split('/');
        return parts.Length >= 2 && parts[^2] == "Patient" && FhirId().IsMatch(parts[^1]) ? parts[^1] : null;
    }

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    public static partial Regex FhirId();
}

internal sealed record GroupMember(string PatientId, DateTimeOffset? Since);
