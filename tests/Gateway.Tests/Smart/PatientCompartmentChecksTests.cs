using System.Text.Json;
using Lead.Gateway.Smart;

namespace Lead.Gateway.Tests.Smart;

/// <summary>
/// Which resources are a patient's, for a <c>patient/</c> token: the element behind the type's patient search parameter
/// decides (reads: it names the patient; writes: it names the patient and nobody else), never a reference elsewhere.
/// </summary>
public sealed class PatientCompartmentChecksTests
{
    private const string Me = "p-me";

    [Theory]
    [InlineData("""{"resourceType":"Condition","subject":{"reference":"Patient/p-me"}}""", true, true)]
    [InlineData("""{"resourceType":"Condition","subject":{"reference":"https://gw.example/fhir/aco/Patient/p-me/_history/2"}}""", true, true)]
    // Someone else's Condition, with this patient in an extension or as a note's author: neither readable nor writable.
    [InlineData("""{"resourceType":"Condition","subject":{"reference":"Patient/p-other"},"extension":[{"url":"http://example.org/x","valueReference":{"reference":"Patient/p-me"}}]}""", false, false)]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"Patient/p-other"},"note":[{"authorReference":{"reference":"Patient/p-me"}}]}""", false, false)]
    // The patient as performer of someone else's Observation is not the patient's record.
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"Patient/p-other"},"performer":[{"reference":"Patient/p-me"}]}""", false, false)]
    [InlineData("""{"resourceType":"Observation","status":"final"}""", false, false)]
    [InlineData("""{"resourceType":"Coverage","beneficiary":{"reference":"Patient/p-me"}}""", true, true)]
    // A roster naming the patient among others is in the compartment (R4: Group.member), but not the patient's to write.
    [InlineData("""{"resourceType":"Group","member":[{"entity":{"reference":"Patient/p-me"}},{"entity":{"reference":"Patient/p-other"}}]}""", true, false)]
    [InlineData("""{"resourceType":"Patient","id":"p-me"}""", true, true)]
    [InlineData("""{"resourceType":"Patient","id":"p-other","link":[{"other":{"reference":"Patient/p-me"}}]}""", false, false)]
    // Types outside the patient compartment have no patient element.
    [InlineData("""{"resourceType":"Organization","extension":[{"url":"http://example.org/x","valueReference":{"reference":"Patient/p-me"}}]}""", false, false)]
    public void PatientElementDecides(string json, bool belongs, bool writable)
    {
        using var document = JsonDocument.Parse(json);
        var type = document.RootElement.GetProperty("resourceType").GetString()!;

        Assert.Equal(belongs, SmartResponseChecks.BelongsToPatient(document.RootElement, type, Me));
        Assert.Equal(writable, SmartResponseChecks.WritableByPatient(document.RootElement, type, Me));
    }
}
