namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>Wakes this replica's worker when a job is kicked off or finishes, instead of waiting out the poll interval.</summary>
internal sealed class ExportSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers any number of notifications.
        }
    }

    /// <summary>Returns when notified or after <paramref name="timeout"/> (other replicas' jobs are found by polling).</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}
