using System.Globalization;
using Hl7.Fhir.Model;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>
/// Bulk Data 2.0 kick-off parameters. Whatever the gateway cannot honour is refused (400), or with
/// <c>Prefer: handling=lenient</c> ignored and reported in the manifest's error file; a malformed value is always refused.
/// </summary>
internal static class ExportRequestParser
{
    private static readonly string[] Formats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    public static ExportRequest Parse(ExportRequest target, IReadOnlyList<KeyValuePair<string, string>> parameters, bool isPost, bool lenient)
    {
        var ignored = new List<string>();
        var types = (List<string>?)null;
        var filters = new List<string>();
        var patients = new List<string>();
        var elements = new List<string>();
        DateTimeOffset? since = null;

        void Unsupported(string message)
        {
            if (!lenient)
            {
                throw ExportRequestException.BadRequest(message + " Send 'Prefer: handling=lenient' to have it ignored.");
            }

            ignored.Add(message);
        }

        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "_outputFormat":
                    if (!Formats.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
                    {
                        Unsupported($"_outputFormat '{Clip(value)}' is not supported; use application/fhir+ndjson.");
                    }

                    break;
                case "_since":
                    since = ParseInstant(value);
                    break;
                case "_type":
                    types ??= [];
                    foreach (var type in Split(value))
                    {
                        if (ModelInfo.IsKnownResource(type))
                        {
                            types.Add(type);
                        }
                        else
                        {
                            Unsupported($"_type '{Clip(type)}' is not a FHIR R4 resource type.");
                        }
                    }

                    break;
                case "_typeFilter":
                    foreach (var filter in SplitFilters(value))
                    {
                        var question = filter.IndexOf('?', StringComparison.Ordinal);
                        if (question <= 0 || !ModelInfo.IsKnownResource(filter[..question]) || question == filter.Length - 1)
                        {
                            Unsupported($"_typeFilter '{Clip(filter)}' is not of the form Type?search.");
                            continue;
                        }

                        filters.Add(filter);
                    }

                    break;
                case "patient" when isPost && target.Level != ExportLevel.System:
                    patients.Add(value.Trim());
                    break;
                case "patient":
                    Unsupported("The patient parameter is accepted only by POST at Patient or Group level.");
                    break;
                case "_elements":
                    elements.AddRange(Split(value));
                    break;
                case "includeAssociatedData":
                    Unsupported($"includeAssociatedData '{Clip(value)}' is not supported.");
                    break;
                default:
                    Unsupported($"Parameter '{Clip(name)}' is not supported by $export.");
                    break;
            }
        }

        if (types is not null && types.Count == 0 && !lenient)
        {
            throw ExportRequestException.BadRequest("_type names no resource type.");
        }

        return target with
        {
            Since = since,
            Types = types is { Count: > 0 } ? types.Distinct(StringComparer.Ordinal).ToList() : null,
            TypeFilters = filters,
            Patients = patients,
            Elements = elements,
            Ignored = ignored,
        };
    }

    private static DateTimeOffset ParseInstant(string value)
    {
        // A '+' in the offset arrives as a space when the client did not escape it.
        var text = value.Trim().Replace(' ', '+');
        if (text.Length < 10 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
        {
            throw new ExportRequestException(System.Net.HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, $"_since '{Clip(value)}' is not a FHIR instant.");
        }

        return since;
    }

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Filters are comma-separated too, but a filter's own query may hold escaped commas only (%2C), so a plain split is right.</summary>
    private static IEnumerable<string> SplitFilters(string value) => Split(value).Select(Uri.UnescapeDataString);

    /// <summary>Values are echoed in messages, never logged; keep them short.</summary>
    private static string Clip(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
