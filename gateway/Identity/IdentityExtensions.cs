using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Everything;
using Lead.Gateway.Identity.Indexing;
using Lead.Gateway.Identity.Linking;
using Lead.Gateway.Identity.Match;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sources;
using Lead.Gateway.Smart;
using Lead.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lead.Gateway.Identity;

internal static class IdentityExtensions
{
    public const string MatchPath = "/fhir/Patient/$match";
    public const string LinkPath = "/fhir/$link";
    public const string EverythingByIdentifierPath = "/fhir/Patient/$everything";
    public const string EverythingByPersonPath = "/fhir/Patient/{personId:" + PersonIds.RouteConstraint + "}/$everything";

    /// <summary>The identity crosswalk (store, indexer, sandbox observer) and the operations built on it.</summary>
    public static WebApplicationBuilder AddIdentityCrosswalk(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddGatewayDbContext<IdentityDbContext>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IdentifierClassifier>();
        builder.Services.AddSingleton<LinkRules>();
        builder.Services.AddSingleton<CrosswalkStore>();
        builder.Services.AddSingleton<CrosswalkQueries>();
        builder.Services.AddSingleton<IndexReadiness>();
        builder.Services.AddSingleton<IdentityAccess>();
        builder.Services.AddSingleton<SourceMarking>();
        builder.Services.AddSingleton<Matcher>();
        builder.Services.AddSingleton<MatchEndpoint>();
        builder.Services.AddSingleton<LinkEndpoint>();
        builder.Services.AddSingleton<CompartmentReader>();
        builder.Services.AddSingleton<EverythingPageCache>();
        builder.Services.AddSingleton<EverythingEndpoint>();
        // The indexer first: its start creates the tables the observer writes to.
        builder.Services.AddHostedService<SourceIndexer>();
        builder.Services.AddHostedService<SandboxPatientObserver>();
        return builder;
    }

    /// <summary>
    /// Order 0, ahead of the proxy routes (<see cref="Routing.SourceProxyConfigProvider.RouteOrder"/>) that would forward
    /// <c>/fhir/Patient/…</c> to the unified base's Patient source. Only person ids (<see cref="PersonIds"/>) match the
    /// person route; <c>/fhir/Patient/{source id}/$everything</c> still goes to the source.
    /// </summary>
    public static WebApplication MapIdentity(this WebApplication app)
    {
        app.MapPost(MatchPath, (HttpContext c) => c.RequestServices.GetRequiredService<MatchEndpoint>().HandleAsync(c))
            .WithOrder(0).RequireFhirAuthorization(app);
        app.MapPost(LinkPath, (HttpContext c) => c.RequestServices.GetRequiredService<LinkEndpoint>().HandleAsync(c))
            .WithOrder(0).RequireFhirAuthorization(app);
        app.MapGet(EverythingByIdentifierPath, (HttpContext c) => c.RequestServices.GetRequiredService<EverythingEndpoint>().HandleAsync(c, null))
            .WithOrder(0).RequireFhirAuthorization(app);
        app.MapGet(EverythingByPersonPath, (HttpContext c, string personId) => c.RequestServices.GetRequiredService<EverythingEndpoint>().HandleAsync(c, personId))
            .WithOrder(0).RequireFhirAuthorization(app);
        return app;
    }
}
