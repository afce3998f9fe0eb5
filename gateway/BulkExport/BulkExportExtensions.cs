using Lead.Gateway.BulkExport.Jobs;
using Lead.Gateway.BulkExport.Protocol;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Routing;
using Lead.Gateway.Smart;
using Lead.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lead.Gateway.BulkExport;

internal static class BulkExportExtensions
{
    /// <summary>Options, the job store, the upstream client (no resilience pipeline: a source's failure is reported, not retried away) and the worker.</summary>
    public static WebApplicationBuilder AddBulkExport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BulkExportOptions>()
            .BindConfiguration(BulkExportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddGatewayDbContext<BulkExportDbContext>();
        builder.Services.AddHttpClient(UpstreamClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ExportFiles>();
        builder.Services.AddSingleton<ExportSignal>();
        builder.Services.AddSingleton<ExportUrls>();
        builder.Services.AddSingleton<ExportAuthorization>();
        builder.Services.AddSingleton<UpstreamClient>();
        builder.Services.AddSingleton<GroupLocator>();
        builder.Services.AddSingleton<SourceTypes>();
        builder.Services.AddSingleton<PeopleResolver>();
        builder.Services.AddSingleton<ExportPlanner>();
        builder.Services.AddSingleton<TaskRunner>();
        builder.Services.AddSingleton<DelegateClient>();
        builder.Services.AddSingleton<DelegateRunner>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<KickOffEndpoint>();
        builder.Services.AddSingleton<StatusEndpoints>();
        builder.Services.AddHostedService<ExportWorker>();
        return builder;
    }

    /// <summary>
    /// Kick-off on the unified base and every source base, plus status, files and the job list. Order 0, ahead of the
    /// proxy routes (<see cref="SourceProxyConfigProvider.RouteOrder"/>) that would otherwise forward <c>/fhir/{source}/$export</c>.
    /// </summary>
    public static WebApplication MapBulkExport(this WebApplication app)
    {
        static KickOffEndpoint KickOff(HttpContext c) => c.RequestServices.GetRequiredService<KickOffEndpoint>();
        static StatusEndpoints Status(HttpContext c) => c.RequestServices.GetRequiredService<StatusEndpoints>();
        string[] methods = ["GET", "POST"];

        Map(app, "/fhir/$export", methods, c => KickOff(c).HandleAsync(c, ExportLevel.System, null, null));
        Map(app, "/fhir/Patient/$export", methods, c => KickOff(c).HandleAsync(c, ExportLevel.Patient, null, null));
        Map(app, "/fhir/Group/{id}/$export", methods, c => KickOff(c).HandleAsync(c, ExportLevel.Group, null, Route(c, "id")));
        Map(app, "/fhir/{source}/$export", methods, c => KickOff(c).HandleAsync(c, ExportLevel.System, Route(c, "source"), null));
        Map(app, "/fhir/{source}/Patient/$export", methods, c => KickOff(c).HandleAsync(c, ExportLevel.Patient, Route(c, "source"), null));
        Map(app, "/fhir/{source}/Group/{id}/$export", methods, c => KickOff(c).HandleAsync(c, ExportLevel.Group, Route(c, "source"), Route(c, "id")));
        Map(app, ExportUrls.StatusPath, ["GET"], c => Status(c).StatusAsync(c, Route(c, "jobId")));
        Map(app, ExportUrls.StatusPath, ["DELETE"], c => Status(c).CancelAsync(c, Route(c, "jobId")));
        Map(app, ExportUrls.FilePath, ["GET"], c => Status(c).FileAsync(c, Route(c, "jobId"), Route(c, "fileName")));
        Map(app, ExportUrls.JobsPath, ["GET"], c => Status(c).ListAsync(c));
        return app;
    }

    private static void Map(WebApplication app, string pattern, string[] methods, RequestDelegate handler) =>
        app.MapMethods(pattern, methods, handler).WithOrder(0).RequireFhirAuthorization(app);

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";
}
