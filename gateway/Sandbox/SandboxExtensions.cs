namespace Lead.Gateway.Sandbox;

internal static class SandboxExtensions
{
    /// <summary>Registers the embedded sandbox FHIR servers (started by a hosted service, seeded at first start).</summary>
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SandboxAddress>();
        // PLACEHOLDER (sandbox room): the hosted service that starts the sandbox servers is added here.
        return builder;
    }
}
