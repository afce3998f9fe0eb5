using System.Text.Json;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Reads a version of one resource from a (non-sandbox) source with the gateway's own credentials, within the source's
/// timeout (<see cref="SourceReader"/>): the version before an update (to tell a start or end from a repeat) and the
/// result of a PATCH.
/// </summary>
internal sealed class UpstreamVersions(SourceReader reader)
{
    /// <summary>The resource (<c>{type}/{id}</c>, or <c>/_history/{version}</c>) and its version; Status 502 when it could not be read.</summary>
    public async Task<(int Status, string? Json, string? Version)> ReadAsync(GatewaySource source, string type, string id, string? version, CancellationToken ct)
    {
        var path = $"{type}/{Uri.EscapeDataString(id)}" + (version is null ? "" : $"/_history/{Uri.EscapeDataString(version)}");
        try
        {
            var (document, etag) = await reader.ReadAsync(source, path, null, ct);
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceType", out var t) || t.GetString() != type)
                {
                    return (502, null, null);
                }

                var read = root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("versionId", out var v) ? v.GetString() : null;
                return (200, root.GetRawText(), read ?? etag ?? version);
            }
        }
        catch (SourceReadException ex)
        {
            return (ex.Status ?? 502, null, null);
        }
    }
}
