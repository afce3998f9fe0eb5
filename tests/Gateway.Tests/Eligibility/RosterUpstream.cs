using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>
/// An ACO source whose ATR roster search takes two pages: the first a large Group of other (synthetic) members, the
/// second the Group listing <see cref="PatientId"/> for 2027. Each base path ends its first page differently:
/// <c>/two-pages/fhir</c> links to the second page, <c>/repeat/fhir</c> links to itself for ever, <c>/elsewhere/fhir</c>
/// links to another host. Whatever the identifier, one Patient matches; Coverage searches are empty.
/// </summary>
internal sealed class RosterUpstream : IAsyncDisposable
{
    public const string PatientId = "roster-probe-1";
    public const int OtherMembers = 3000;

    private readonly WebApplication app;

    private RosterUpstream(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>e.g. <c>http://127.0.0.1:4321</c>.</summary>
    public string Address { get; }

    /// <summary>The query string of every Group search received.</summary>
    public ConcurrentQueue<string> GroupQueries { get; } = new();

    public static async Task<RosterUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RosterUpstream? self = null;
        const string Json = "application/fhir+json";
        app.MapGet("/{mode}/fhir/Patient", () => Results.Text(
            $$$"""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"{{{PatientId}}}"},"search":{"mode":"match"}}]}""", Json));
        app.MapGet("/{mode}/fhir/Coverage", () => Results.Text("""{"resourceType":"Bundle","type":"searchset","total":0}""", Json));
        app.MapGet("/{mode}/fhir/Group", (HttpContext c, string mode) =>
        {
            self!.GroupQueries.Enqueue(c.Request.QueryString.Value ?? "");
            var self_ = $"{c.Request.Scheme}://{c.Request.Host}/{mode}/fhir/Group{c.Request.QueryString}";
            return Results.Text(c.Request.Query["page"] == "2" ? SecondPage() : FirstPage(mode switch
            {
                "two-pages" => $"{c.Request.Scheme}://{c.Request.Host}/{mode}/fhir/Group?member=Patient%2F{PatientId}&page=2",
                "repeat" => self_,
                _ => $"http://127.0.0.2:9/{mode}/fhir/Group?member=Patient%2F{PatientId}&page=2",
            }), Json);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new RosterUpstream(app, address.TrimEnd('/'));
        return self;
    }

    public string Base(string mode) => $"{Address}/{mode}/fhir/";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>A roster that does not list the patient, big enough to span many reads of the response stream.</summary>
    private static string FirstPage(string next)
    {
        var members = new StringBuilder();
        for (var i = 0; i < OtherMembers; i++)
        {
            members.Append(i == 0 ? "" : ",").Append("{\"entity\":{\"reference\":\"Patient/other-").Append(i)
                .Append("\"},\"period\":{\"start\":\"2027-01-01\",\"end\":\"2027-12-31\"}}");
        }

        return $$$"""
            {"resourceType":"Bundle","type":"searchset","link":[{"relation":"next","url":"{{{next}}}"}],"entry":[{"resource":
            {"resourceType":"Group","id":"roster-big","active":true,"type":"person","actual":true,"name":"Big roster","member":[{{{members}}}]},
            "search":{"mode":"match"}}]}
            """;
    }

    private static string SecondPage() => $$$"""
        {"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Group","id":"roster-2027","active":true,
        "type":"person","actual":true,"name":"PY2027 roster","member":[{"entity":{"reference":"Patient/other-x"}},
        {"entity":{"reference":"Patient/{{{PatientId}}}"},"period":{"start":"2027-01-01","end":"2027-12-31"}}]},"search":{"mode":"match"}}]}
        """;
}
