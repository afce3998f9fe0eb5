using Hl7.Fhir.Model;

namespace Lead.Profiles.Tests.Loading;

[Collection(ValidatorCollection.Name)]
public sealed class CoreErrataTests(ValidatorFixture fixture)
{
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, false, true)] // R4's published expression ("> 2") let this pass; its text and R4B/R5 do not
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    public void Que12_MoreThanOneEnableWhen_NeedsEnableBehavior(int conditions, bool behavior, bool refused)
    {
        var item = new Questionnaire.ItemComponent { LinkId = "2", Text = "Follow-up", Type = Questionnaire.QuestionnaireItemType.String };
        for (var i = 0; i < conditions; i++)
        {
            item.EnableWhen.Add(new Questionnaire.EnableWhenComponent
            {
                Question = "1",
                Operator = Questionnaire.QuestionnaireItemOperator.Equal,
                Answer = new FhirBoolean(i % 2 == 0),
            });
        }

        if (behavior)
        {
            item.EnableBehavior = Questionnaire.EnableWhenBehavior.Any;
        }

        var questionnaire = new Questionnaire { Status = PublicationStatus.Active };
        questionnaire.Item.Add(new Questionnaire.ItemComponent { LinkId = "1", Text = "Dual eligible?", Type = Questionnaire.QuestionnaireItemType.Boolean });
        questionnaire.Item.Add(item);

        var outcome = fixture.Validator.Validate(questionnaire);

        var que12 = outcome.Issue.Where(i => i.Severity == OperationOutcome.IssueSeverity.Error && $"{i.Details?.Text} {i.Diagnostics}".Contains("que-12", StringComparison.Ordinal)).ToList();
        Assert.True(refused == que12.Count > 0, string.Join("; ", outcome.Issue.Select(i => $"{i.Severity} {i.Details?.Text} {i.Diagnostics}")));
        Assert.DoesNotContain(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error && que12.IndexOf(i) < 0);
    }
}
