using Lead.Profiles.Loading;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests;

/// <summary>One warmed validator for the whole test run: loading the core spec costs seconds.</summary>
public sealed class ValidatorFixture
{
    private static readonly Lazy<CoreSpecification> SharedCore = new(() =>
        CoreSpecification.Open(new LeadValidatorOptions().SpecificationZipPath, TestPaths.ExtractDirectory));

    public ValidatorFixture()
    {
        Validator = LeadValidator.Create(TestPaths.Options(), Core);
        WarmUpTime = Validator.WarmUp();
    }

    /// <summary>The core R4 source, opened once per test process.</summary>
    internal static CoreSpecification Core => SharedCore.Value;

    internal LeadValidator Validator { get; }

    public TimeSpan WarmUpTime { get; }
}

[CollectionDefinition(Name)]
public sealed class ValidatorCollection : ICollectionFixture<ValidatorFixture>
{
    public const string Name = "validator";
}
