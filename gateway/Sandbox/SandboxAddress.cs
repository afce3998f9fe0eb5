namespace Lead.Gateway.Sandbox;

/// <summary>
/// Where the sandbox servers ended up listening (port 0 is resolved at start-up). The sources registry waits on it to
/// point the sandbox sources' YARP clusters at a real loopback address.
/// </summary>
internal sealed class SandboxAddress
{
    private readonly TaskCompletionSource<Uri> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the root URL (e.g. <c>http://127.0.0.1:41234/</c>); source <c>X</c> is served at <c>{root}X/</c>.</summary>
    public Task<Uri> Root => started.Task;

    public bool IsStarted => started.Task.IsCompletedSuccessfully;

    public void SetStarted(Uri root) => started.TrySetResult(root);

    public Uri SourceBase(string sourceId) => new(Root.Result, sourceId + "/");
}
