using System.Collections.Concurrent;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Terminology;

namespace Lead.Profiles.Validation;

/// <summary>
/// Memoizes offline code validation. LocalTerminologyService takes a process-wide semaphore on every call and
/// Firely waits on it synchronously, so under parallel load validators queue behind one another (measured: all
/// cores slower than one). Offline terminology never changes while the process runs, so answers can be reused.
/// Bounded, so a client sending endless distinct codes cannot grow it without limit.
/// </summary>
internal sealed class CachedTerminologyService(ICodeValidationTerminologyService inner, int capacity = 50_000) : ICodeValidationTerminologyService
{
    private readonly ConcurrentDictionary<string, Parameters> _answers = new(StringComparer.Ordinal);

    public async Task<Parameters> ValueSetValidateCode(Parameters parameters, string? id = null, bool useGet = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var key = Key(parameters, id);
        if (_answers.TryGetValue(key, out var cached))
        {
            return (Parameters)cached.DeepCopy();
        }

        var answer = await inner.ValueSetValidateCode(parameters, id, useGet).ConfigureAwait(false);
        if (_answers.Count < capacity)
        {
            _answers.TryAdd(key, (Parameters)answer.DeepCopy());
        }

        return answer;
    }

    public Task<Parameters> Subsumes(Parameters parameters, string? id = null, bool useGet = false) =>
        inner.Subsumes(parameters, id, useGet);

    private static string Key(Parameters parameters, string? id)
    {
        var key = new StringBuilder(id);
        foreach (var p in parameters.Parameter)
        {
            key.Append('\u001f').Append(p.Name).Append('=').Append(p.Value switch
            {
                Coding c => Coding(c),
                CodeableConcept cc => string.Join('\u001e', cc.Coding.Select(Coding)) + "\u001d" + cc.Text,
                PrimitiveType primitive => primitive.ToString(),
                null => p.Resource is { } r ? r.TypeName + "/" + r.Id + "#" + r.GetHashCode() : "",
                var other => other.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return key.ToString();
    }

    private static string Coding(Coding c) => $"{c.System}|{c.Version}|{c.Code}|{c.Display}|{c.UserSelected}";
}
