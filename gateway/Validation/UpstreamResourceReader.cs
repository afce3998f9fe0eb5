using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Validation;

/// <summary>
/// Reads the current version of one resource from a source, with the gateway's own credentials for it (never the
/// caller's token) and within the source's timeout (<see cref="SourceReader"/>), so a PATCH can be validated on what it
/// will change.
/// </summary>
internal sealed class UpstreamResourceReader(SourceReader reader)
{
    /// <summary>The source's status, with the resource and its version when it answered 200; status 502 when it could not be read.</summary>
    public async Task<UpstreamResource> ReadAsync(GatewaySource source, string type, string id, string? requestId, CancellationToken ct)
    {
        try
        {
            var (document, etag) = await reader.ReadAsync(source, $"{type}/{Uri.EscapeDataString(id)}", requestId, ct);
            using (document)
            {
                // A mutable copy: the patch is applied to it.
                if (document.RootElement.ValueKind != JsonValueKind.Object || JsonNode.Parse(document.RootElement.GetRawText()) is not JsonObject resource)
                {
                    return UpstreamResource.Unreadable;
                }

                return new UpstreamResource(200, resource, etag ?? (string?)resource["meta"]?["versionId"]);
            }
        }
        catch (SourceReadException ex)
        {
            return ex.Status is { } status ? new UpstreamResource(status, null, null) : UpstreamResource.Unreadable;
        }
        catch (InvalidOperationException)
        {
            // meta.versionId of another JSON type than string.
            return UpstreamResource.Unreadable;
        }
    }
}

/// <summary>What a source answered to a read: its status, and the resource (JSON) and version id on 200.</summary>
internal sealed record UpstreamResource(int Status, JsonObject? Resource, string? VersionId)
{
    public static readonly UpstreamResource Unreadable = new(502, null, null);
}
