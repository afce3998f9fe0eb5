namespace Lead.Gateway.Identity.Indexing;

/// <summary>Signals that the first pass over every source finished, so answers are not built on a half-read crosswalk.</summary>
internal sealed class IndexReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public void MarkReady() => ready.TrySetResult();

    /// <summary>True once ready; false if <paramref name="wait"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        if (IsReady)
        {
            return true;
        }

        try
        {
            await ready.Task.WaitAsync(wait, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
