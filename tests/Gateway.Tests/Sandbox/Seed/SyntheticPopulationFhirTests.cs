using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace Lead.Gateway.Tests.Sandbox.Seed;

/// <summary>The seed must be valid base FHIR R4: it is what every gateway feature is first tested against.</summary>
public sealed class SyntheticPopulationFhirTests
{
    [Fact]
    public void Resources_EveryOne_RoundTripsThroughStrictParser()
    {
        var serializer = new FhirJsonSerializer();
        var strict = FhirJsonDeserializer.STRICT;
        // FhirJsonParser is obsolete in SDK 6: the default deserializer is its replacement.
        var standard = new FhirJsonDeserializer();

        foreach (var resource in SeedFixture.Population.Resources.Values.SelectMany(r => r))
        {
            var json = serializer.SerializeToString(resource);

            var reparsed = strict.DeserializeResource(json);
            var parsed = standard.DeserializeResource(json);

            Assert.Equal(json, serializer.SerializeToString(reparsed));
            Assert.Equal(json, serializer.SerializeToString(parsed));
        }
    }

    [Fact]
    public void Resources_EveryOne_HasRequiredElementsAndValidPrimitives()
    {
        foreach (var resource in SeedFixture.Population.Resources.Values.SelectMany(r => r))
        {
            var issues = resource.Validate(ModelInfo.ModelInspector, validateRecursively: true);

            Assert.True(issues.Count == 0, $"{resource.TypeName}/{resource.Id}: {string.Join("; ", issues)}");
        }
    }
}
