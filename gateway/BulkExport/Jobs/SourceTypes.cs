using System.Text.Json;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>The resource types a source can search: configured (<see cref="BulkExportOptions.SourceTypes"/>), else its CapabilityStatement.</summary>
internal sealed class SourceTypes(UpstreamClient upstream, IOptions<BulkExportOptions> options)
{
    public async Task<IReadOnlyList<string>> ReadAsync(GatewaySource source, CancellationToken ct)
    {
        if (options.Value.SourceTypes.TryGetValue(source.Id, out var configured) && configured.Length > 0)
        {
            return configured;
        }

        using var json = await upstream.GetAsync(source, "metadata", ct)
            ?? throw new SourceFailedException(source.Id, "the source has no CapabilityStatement");
        var types = new List<string>();
        if (!json.RootElement.TryGetProperty("rest", out var rest) || rest.ValueKind != JsonValueKind.Array)
        {
            return types;
        }

        foreach (var server in rest.EnumerateArray())
        {
            if (!server.TryGetProperty("resource", out var resources) || resources.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var resource in resources.EnumerateArray())
            {
                var type = resource.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type is not null && Searchable(resource))
                {
                    types.Add(type);
                }
            }
        }

        return types;
    }

    /// <summary>A resource entry without interactions says nothing either way; one listing interactions must list search-type.</summary>
    private static bool Searchable(JsonElement resource) =>
        !resource.TryGetProperty("interaction", out var interactions) || interactions.ValueKind != JsonValueKind.Array
        || interactions.EnumerateArray().Any(i => i.TryGetProperty("code", out var code) && code.GetString() == "search-type");
}
