using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Terminology;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests.Validation;

public sealed class CachedTerminologyServiceTests
{
    [Fact]
    public async System.Threading.Tasks.Task ValueSetValidateCode_SameQuestion_AnsweredOnceFromInner()
    {
        var inner = new CountingService();
        var cached = new CachedTerminologyService(inner);

        await cached.ValueSetValidateCode(Question("02"));
        var second = await cached.ValueSetValidateCode(Question("02"));

        Assert.Equal(1, inner.Calls);
        Assert.True(Assert.IsType<FhirBoolean>(second.Parameter.Single(p => p.Name == "result").Value).Value);
    }

    [Fact]
    public async System.Threading.Tasks.Task ValueSetValidateCode_BeyondCapacity_StillAnswersButDoesNotGrow()
    {
        var inner = new CountingService();
        var cached = new CachedTerminologyService(inner, capacity: 1);

        await cached.ValueSetValidateCode(Question("01"));
        await cached.ValueSetValidateCode(Question("02"));
        await cached.ValueSetValidateCode(Question("02"));

        Assert.Equal(3, inner.Calls);
    }

    private static Parameters Question(string code)
    {
        var p = new Parameters();
        p.Add("url", new FhirUri(LeadCanonicals.DualStatusValueSet));
        p.Add("coding", new Coding(LeadCanonicals.DualStatusCodeSystem, code));
        return p;
    }

    private sealed class CountingService : ICodeValidationTerminologyService
    {
        public int Calls { get; private set; }

        public Task<Parameters> ValueSetValidateCode(Parameters parameters, string? id = null, bool useGet = false)
        {
            Calls++;
            var answer = new Parameters();
            answer.Add("result", new FhirBoolean(true));
            return System.Threading.Tasks.Task.FromResult(answer);
        }

        public Task<Parameters> Subsumes(Parameters parameters, string? id = null, bool useGet = false) => throw new NotSupportedException();
    }
}
