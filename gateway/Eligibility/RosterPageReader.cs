using System.Buffers;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// Reads one page of a <c>Group?member=</c> search from the response stream without holding it: an ATR roster Group
/// can list tens of thousands of members (tens of MB), and the check needs only the few that are this patient. Each
/// matched Group comes back with its own elements and only the members that reference the patient; everything else is
/// read past. Memory is bounded by the largest single element (one member, one Group element), not by the roster.
/// </summary>
internal sealed class RosterPageReader
{
    /// <summary>No single member or Group element of a roster needs more; a larger one is not a roster we can read.</summary>
    public const int MaxElementBytes = 4 * 1024 * 1024;

    private const int InitialBuffer = 64 * 1024;

    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));

    private readonly string patientId;
    private readonly List<Group> groups = [];
    private JsonReaderState state;
    private bool sawBundle;
    private bool rootClosed;
    private bool inEntries;
    private bool inResource;
    private bool inMembers;
    private string? next;

    // The entry being read: its search mode, and its resource's kept elements and members (raw JSON).
    private string? mode;
    private List<(string Name, byte[] Value)> elements = [];
    private List<byte[]> members = [];
    private string? resourceType;

    private RosterPageReader(string patientId) => this.patientId = patientId;

    /// <summary>The page's matched Groups (only the patient's members in each) and its next link, as written.</summary>
    public static async Task<(IReadOnlyList<Group> Groups, string? Next)> ReadAsync(Stream body, string patientId, CancellationToken ct)
    {
        var reader = new RosterPageReader(patientId);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var filled = 0;
            var final = false;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One element does not fit: grow, within bounds.
                    if (buffer.Length >= MaxElementBytes)
                    {
                        throw new SourceAnswerException($"a roster Group holds an element larger than {MaxElementBytes / (1024 * 1024)} MB");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = final ? 0 : await body.ReadAsync(buffer.AsMemory(filled), ct);
                final = read == 0;
                filled += read;
                var consumed = reader.Feed(buffer.AsSpan(0, filled), final);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (final)
                {
                    if (!reader.sawBundle || !reader.rootClosed)
                    {
                        throw new SourceAnswerException("the source answered a Group search with something other than a whole Bundle");
                    }

                    return (reader.groups, reader.next);
                }
            }
        }
        catch (JsonException)
        {
            throw new SourceAnswerException("the source's answer to a Group search is not FHIR JSON");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles every complete token in <paramref name="data"/>; returns how many bytes it used.</summary>
    private int Feed(ReadOnlySpan<byte> data, bool final)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (true)
        {
            // Each step either completes or rewinds to here, so a value split across two reads is handled whole.
            var checkpoint = reader;
            if (!Step(ref reader, data))
            {
                reader = checkpoint;
                break;
            }
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>One token (with its whole value where one is kept); false when the data ends before it does.</summary>
    private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (!reader.Read())
        {
            return false;
        }

        var depth = reader.CurrentDepth;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when depth == 0:
                return true;
            case JsonTokenType.EndObject when depth == 0:
                rootClosed = true;
                return true;
            case JsonTokenType.PropertyName when depth == 1:
                return RootProperty(ref reader, data);
            case JsonTokenType.StartObject when inEntries && depth == 2:
                (mode, elements, members, resourceType) = (null, [], [], null);
                return true;
            case JsonTokenType.EndObject when inEntries && depth == 2:
                FinishEntry();
                return true;
            case JsonTokenType.EndArray when inEntries && depth == 1:
                inEntries = false;
                return true;
            case JsonTokenType.PropertyName when inEntries && !inResource && depth == 3:
                return EntryProperty(ref reader);
            case JsonTokenType.EndObject when inResource && depth == 3:
                inResource = false;
                return true;
            case JsonTokenType.PropertyName when inResource && !inMembers && depth == 4:
                return ResourceProperty(ref reader, data);
            case JsonTokenType.StartObject when inMembers && depth == 5:
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return false;
                }

                var member = data[start..(int)reader.BytesConsumed];
                if (RefersToPatient(member))
                {
                    members.Add(member.ToArray());
                }

                return true;
            case JsonTokenType.EndArray when inMembers && depth == 4:
                inMembers = false;
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                // Anything else with parts (a member that is not an object, an unexpected shape): read past it whole.
                return reader.TrySkip();
            default:
                return true;
        }
    }

    private bool RootProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        var name = reader.GetString();
        if (!reader.Read())
        {
            return false;
        }

        switch (name)
        {
            case "resourceType":
                if (reader.TokenType != JsonTokenType.String || reader.GetString() != "Bundle")
                {
                    throw new SourceAnswerException("the source answered a Group search with something other than a Bundle");
                }

                sawBundle = true;
                return true;
            case "entry" when reader.TokenType == JsonTokenType.StartArray:
                inEntries = true;
                return true;
            case "link" when reader.TokenType == JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return false;
                }

                using (var links = JsonDocument.Parse(data[start..(int)reader.BytesConsumed].ToArray()))
                {
                    next = links.RootElement.EnumerateArray()
                        .Where(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("relation", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() == "next")
                        .Select(l => l.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null)
                        .FirstOrDefault();
                }

                return true;
            default:
                return reader.TrySkip();
        }
    }

    private bool EntryProperty(ref Utf8JsonReader reader)
    {
        var name = reader.GetString();
        if (!reader.Read())
        {
            return false;
        }

        switch (name)
        {
            case "resource" when reader.TokenType == JsonTokenType.StartObject:
                inResource = true;
                return true;
            case "search" when reader.TokenType == JsonTokenType.StartObject:
                var copy = reader;
                if (!reader.TrySkip())
                {
                    return false;
                }

                // search.mode, read from the small object just skipped.
                while (copy.Read() && copy.CurrentDepth > 3)
                {
                    if (copy.TokenType == JsonTokenType.PropertyName && copy.CurrentDepth == 4 && copy.ValueTextEquals("mode") && copy.Read()
                        && copy.TokenType == JsonTokenType.String)
                    {
                        mode = copy.GetString();
                    }
                }

                return true;
            default:
                return reader.TrySkip();
        }
    }

    private bool ResourceProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        var name = reader.GetString()!;
        if (!reader.Read())
        {
            return false;
        }

        if (name == "member" && reader.TokenType == JsonTokenType.StartArray)
        {
            inMembers = true;
            return true;
        }

        var start = (int)reader.TokenStartIndex;
        if (!reader.TrySkip())
        {
            return false;
        }

        if (name == "resourceType" && reader.TokenType == JsonTokenType.String)
        {
            resourceType = reader.GetString();
        }

        elements.Add((name, data[start..(int)reader.BytesConsumed].ToArray()));
        return true;
    }

    private void FinishEntry()
    {
        if (resourceType != "Group" || mode is not (null or "match"))
        {
            return;
        }

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in elements)
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(value, skipInputValidation: true);
            }

            if (members.Count > 0)
            {
                writer.WriteStartArray("member");
                foreach (var member in members)
                {
                    writer.WriteRawValue(member, skipInputValidation: true);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        try
        {
            if (Deserializer.DeserializeResource(System.Text.Encoding.UTF8.GetString(output.WrittenSpan)) is Group group)
            {
                groups.Add(group);
            }
        }
        catch (DeserializationFailedException)
        {
            throw new SourceAnswerException("the source's answer to a Group search is not FHIR JSON");
        }
    }

    private bool RefersToPatient(ReadOnlySpan<byte> member)
    {
        var reader = new Utf8JsonReader(member);
        while (reader.Read())
        {
            // member.entity.reference: depth 1 is the member's own elements, depth 2 the entity's.
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("entity"))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.CurrentDepth > 1)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("reference")
                        && reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        var reference = reader.GetString()!;
                        return reference == $"Patient/{patientId}" || reference.EndsWith($"/Patient/{patientId}", StringComparison.Ordinal);
                    }
                }

                return false;
            }
        }

        return false;
    }
}
