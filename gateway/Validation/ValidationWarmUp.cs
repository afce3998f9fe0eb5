namespace Lead.Gateway.Validation;

/// <summary>Builds and warms the validator before the gateway serves, so the first write pays no cold start.</summary>
internal sealed class ValidationWarmUp(LeadValidatorProvider provider, ILogger<ValidationWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        _ = provider.Validator;
        logger.LogInformation("Validation ready ({Count} LEAD profiles) in {Elapsed}", provider.Validator.LeadProfiles.Count, TimeProvider.System.GetElapsedTime(started));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
