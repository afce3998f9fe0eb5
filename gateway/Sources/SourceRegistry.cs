using Lead.Gateway.Sandbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Lead.Gateway.Sources;

/// <summary>
/// The sources the gateway serves: configured upstreams plus, in sandbox mode, the embedded sandbox servers once they
/// listen. Changes (the sandbox coming up) are signalled so the proxy configuration follows.
/// </summary>
internal sealed class SourceRegistry : IDisposable
{
    private readonly IOptions<SourcesOptions> configured;
    private readonly SandboxAddress sandboxAddress;
    private readonly bool sandboxEnabled;
    private readonly Lock gate = new();
    private IReadOnlyList<GatewaySource> sources;
    private CancellationTokenSource changed = new();

    public SourceRegistry(IOptions<SourcesOptions> configured, IOptions<SandboxOptions> sandbox, SandboxAddress sandboxAddress)
    {
        this.configured = configured;
        this.sandboxAddress = sandboxAddress;
        sandboxEnabled = sandbox.Value.Enabled;
        sources = Build();
        if (sandboxEnabled)
        {
            sandboxAddress.Root.ContinueWith(_ => Refresh(), TaskScheduler.Default);
        }
    }

    public IReadOnlyList<GatewaySource> All => sources;

    public IChangeToken ChangeToken
    {
        get
        {
            lock (gate)
            {
                return new CancellationChangeToken(changed.Token);
            }
        }
    }

    public GatewaySource? Find(string id) => sources.FirstOrDefault(s => s.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    public void Dispose() => changed.Dispose();

    private void Refresh()
    {
        CancellationTokenSource previous;
        lock (gate)
        {
            sources = Build();
            previous = changed;
            changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }

    private List<GatewaySource> Build()
    {
        var list = new List<GatewaySource>();
        if (sandboxEnabled)
        {
            foreach (var (id, kind, description) in SandboxSources.All)
            {
                var upstream = sandboxAddress.IsStarted ? sandboxAddress.SourceBase(id) : null;
                list.Add(new GatewaySource(id, kind, description, upstream, TimeSpan.FromSeconds(30), new SourceAuthOptions(), [], IsSandbox: true)
                {
                    // A sandbox source takes only its export mode from Sources:{id} (see SourcesOptionsValidator).
                    Export = configured.Value.Items.GetValueOrDefault(id)?.Export ?? new SourceExportOptions(),
                });
            }
        }

        foreach (var (id, options) in configured.Value.Items.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (sandboxEnabled && SandboxSources.All.Any(s => s.Id == id))
            {
                continue;
            }

            var baseUrl = options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/";
            list.Add(new GatewaySource(id, options.Kind, options.DisplayName ?? id, new Uri(baseUrl), options.Timeout, options.Auth,
                options.ResponseBaseUrls, IsSandbox: false) { Export = options.Export });
        }

        return list;
    }
}
