using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Security;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>
/// The expected token, read from an SSM SecureString (with decryption) and cached:
/// <list type="bullet">
/// <item>a token older than <see cref="TokenOptions.RefreshAfter"/> is re-read in the background while it keeps
/// being served, so requests never wait for SSM once a token is known;</item>
/// <item>a wrong token may trigger a re-read (the token may just have been rotated), but SSM is never read more
/// than once per <see cref="TokenOptions.MinReadInterval"/> while a token is known;</item>
/// <item>while SSM cannot be read, the last token is kept for up to <see cref="TokenOptions.MaxStaleness"/>;</item>
/// <item>with no token at all, reads are retried with growing delays, and requests meanwhile get 503.</item>
/// </list>
/// Concurrent callers share one read.
/// </summary>
internal sealed partial class SsmAccessTokenSource(
    IAmazonSimpleSystemsManagement ssm,
    IOptions<TokenOptions> options,
    TimeProvider clock,
    ILogger<SsmAccessTokenSource> logger) : IAccessTokenSource
{
    private static readonly Counter CacheHits = Metrics.CreateCounter(
        "token_source_cache_hits_total", "Token checks answered from the cached token, without reading SSM.");

    internal static readonly LabelledCounter Reads = new("token_source_reads_total", "Reads of the token parameter from SSM", "result", TokenReads.All);

    private readonly TokenOptions _options = options.Value;
    private readonly AwsCall _aws = new(Dependencies.Ssm, clock);
    private readonly Lock _lock = new();
    private ExpectedToken? _current;
    private DateTimeOffset _readAt;
    private DateTimeOffset _lastAttemptAt = DateTimeOffset.MinValue;
    private int _failuresInARow;
    private Exception? _lastFailure;
    private Task<ExpectedToken?>? _read;

    public async ValueTask<ExpectedToken> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Task<ExpectedToken?>? read;
        lock (_lock)
        {
            if (_current is not null)
            {
                if (now - _readAt >= _options.RefreshAfter)
                {
                    StartReadIfAllowed(now, _options.MinReadInterval);
                }

                if (now - _readAt < _options.MaxStaleness)
                {
                    CacheHits.Inc();
                    return _current;
                }
            }

            read = _read ?? StartReadIfAllowed(now, RetryDelay());
        }

        return (read is null ? null : await read.WaitAsync(cancellationToken)) ?? throw NoToken();
    }

    public async ValueTask<ExpectedToken> RecheckAsync(ExpectedToken rejectedBy, CancellationToken cancellationToken)
    {
        Task<ExpectedToken?>? read;
        lock (_lock)
        {
            read = _read ?? StartReadIfAllowed(clock.GetUtcNow(), _options.MinReadInterval);
        }

        if (read is not null)
        {
            await read.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            // The same secret under a new version is still the same token: report no change.
            return _current is null || _current.IsSameSecretAs(rejectedBy) ? rejectedBy : _current;
        }
    }

    /// <summary>Starts a read unless one ran less than <paramref name="interval"/> ago. Call under the lock.</summary>
    private Task<ExpectedToken?>? StartReadIfAllowed(DateTimeOffset now, TimeSpan interval)
    {
        if (_read is not null)
        {
            return _read;
        }

        if (now - _lastAttemptAt < interval)
        {
            return null;
        }

        _lastAttemptAt = now;
        _read = ReadAsync();
        return _read;
    }

    private async Task<ExpectedToken?> ReadAsync()
    {
        // Yield first, so that the caller has stored this task in _read (under the lock) before it can complete.
        // The read is detached from any one request: a caller that gives up does not cancel it for the others.
        await Task.Yield();
        try
        {
            var response = await _aws.RunAsync("Reading the token", _options.ReadTimeout, token => ssm.GetParameterAsync(
                new GetParameterRequest { Name = _options.ParameterName, WithDecryption = true }, token));
            var token = ExpectedToken.FromSecret(
                response.Parameter.Value, response.Parameter.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?");
            lock (_lock)
            {
                if (_current is not null && !_current.IsSameSecretAs(token))
                {
                    LogRotated(logger, _options.ParameterName, token.Version);
                }

                _current = token;
                _readAt = clock.GetUtcNow();
                _failuresInARow = 0;
                _lastFailure = null;
                _read = null;
            }

            Reads.Inc(TokenReads.Success);
            return token;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            lock (_lock)
            {
                _failuresInARow++;
                _lastFailure = exception;
                _read = null;
            }

            Reads.Inc(exception is DependencyMisconfiguredException ? TokenReads.Misconfigured : TokenReads.Failure);
            LogReadFailed(logger, exception, _options.ParameterName, _current is not null, exception.Message);
            return null;
        }
    }

    /// <summary>1 s, 2 s, 4 s… up to <see cref="TokenOptions.MaxRetryDelay"/>, by failures in a row.</summary>
    private TimeSpan RetryDelay()
    {
        var seconds = Math.Pow(2, Math.Clamp(_failuresInARow - 1, 0, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxRetryDelay.TotalSeconds));
    }

    /// <summary>Why no token can be given: the store is misconfigured, or it cannot be read right now.</summary>
    private Exception NoToken()
    {
        lock (_lock)
        {
            return _lastFailure is DependencyMisconfiguredException misconfigured
                ? new DependencyMisconfiguredException(_aws.Dependency, misconfigured.Message, misconfigured)
                : new DependencyUnavailableException(
                    _aws.Dependency, $"The token could not be read from SSM: {_lastFailure?.Message ?? "no answer yet"}", RetryDelay(), _lastFailure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The token in {Parameter} was rotated (now version {Version})")]
    private static partial void LogRotated(ILogger logger, string parameter, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the token from {Parameter} (a token is cached: {HasCachedToken}): {Reason}")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string parameter, bool hasCachedToken, string reason);
}
