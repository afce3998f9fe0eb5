using Lead.Profiles.Parsing;

namespace Lead.Gateway.Validation;

internal static class ValidationExtensions
{
    /// <summary>LEAD profiles and Firely validation: ingress checks on writes and <c>$validate</c>.</summary>
    public static WebApplicationBuilder AddIngressValidation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ValidationOptions>()
            .BindConfiguration(ValidationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LeadValidatorProvider>();
        builder.Services.AddSingleton<ValidationPolicy>();
        builder.Services.AddSingleton(new FhirRequestParser());
        builder.Services.AddSingleton<UpstreamResourceReader>();
        builder.Services.AddSingleton<PatchValidation>();
        builder.Services.AddHostedService<ValidationWarmUp>();
        return builder;
    }
}
