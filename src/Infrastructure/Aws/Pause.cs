namespace EmailPipeline.Infrastructure.Aws;

/// <summary>Waits that end early, without an exception, when the service stops.</summary>
internal static class Pause
{
    /// <summary>Waits <paramref name="delay"/> on the clock; false when <paramref name="stop"/> ended it first.</summary>
    public static async Task<bool> ForAsync(TimeSpan delay, TimeProvider clock, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, clock, stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits for <paramref name="signal"/>; false when <paramref name="stop"/> ended it first.</summary>
    public static async Task<bool> UntilAsync(SemaphoreSlim signal, CancellationToken stop)
    {
        try
        {
            await signal.WaitAsync(stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }
}
