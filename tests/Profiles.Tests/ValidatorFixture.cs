using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests;

/// <summary>One warmed validator for the whole test run: loading the core spec costs seconds.</summary>
public sealed class ValidatorFixture
{
    public ValidatorFixture()
    {
        Validator = LeadValidator.Create(TestPaths.Options());
        WarmUpTime = Validator.WarmUp();
    }

    internal LeadValidator Validator { get; }

    public TimeSpan WarmUpTime { get; }
}

[CollectionDefinition(Name)]
public sealed class ValidatorCollection : ICollectionFixture<ValidatorFixture>
{
    public const string Name = "validator";
}
