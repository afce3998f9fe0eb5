namespace Lead.Auth.Clients;

/// <summary>What <see cref="SmartDemoClients.EnsureDemoClientsAsync"/> registered: the gateway prints these at start-up.</summary>
public sealed record DemoClientInfo(string BackendClientId, string BackendPrivateKeyPath, string TokenAlgorithm, string AppClientId, IReadOnlyList<string> AppRedirectUris);
