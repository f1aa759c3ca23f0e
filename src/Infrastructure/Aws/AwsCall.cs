
namespace EmailPipeline.Infrastructure.Aws;

/// <summary>
/// Runs calls to one AWS service, each under a time budget (retries included), and turns a failure into the
/// Application's <c>DependencyUnavailableException</c> (retry later) or <c>DependencyMisconfiguredException</c>
/// (stop) by <see cref="AwsFailure"/>. A call that the caller cancels stays a cancellation. Every adapter's calls
/// go through one of these.
/// </summary>
/// <param name="dependency">The service's short name in errors, health checks and logs: <c>sqs</c>, <c>s3</c>, <c>ssm</c>.</param>
/// <param name="metrics">Counts and times the calls by operation, where the service has such metrics.</param>
internal sealed class AwsCall(string dependency, TimeProvider clock, RequestMetrics? metrics = null)
{
    public string Dependency { get; } = dependency;

    public async Task<T> RunAsync<T>(
        string operation, TimeSpan budget, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var started = clock.GetTimestamp();
        metrics?.Requests.WithLabels(operation).Inc();
        try
        {
            // Waited for only until the token ends, even when the call goes on: a response whose body stalls is read
            // until the SDK's own timeout, seconds later.
            return await call(linked.Token).WaitAsync(linked.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested &&
            AwsFailure.Translate(Dependency, operation, exception, timeout.IsCancellationRequested) is { } translated)
        {
            throw translated;
        }
        finally
        {
            metrics?.Duration.WithLabels(operation).Observe(clock.GetElapsedTime(started).TotalSeconds);
        }
    }
}
