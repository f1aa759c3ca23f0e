using System.Globalization;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Security;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>
/// The accepted tokens, read by <see cref="SsmTokenReader"/> and cached:
/// <list type="bullet">
/// <item>tokens older than <see cref="TokenOptions.RefreshAfter"/> are re-read in the background while they keep
/// being served, so requests never wait for SSM once a token is known;</item>
/// <item>a token that matches neither accepted one may trigger a re-read (the token may just have been rotated), but
/// SSM is never read more than once per <see cref="TokenOptions.MinReadInterval"/> while a token is known;</item>
/// <item>while SSM cannot be read, the last tokens are kept for up to <see cref="TokenOptions.MaxStaleness"/>;</item>
/// <item>with no token at all, reads are retried with growing delays, and requests meanwhile get 503.</item>
/// </list>
/// Concurrent callers share one read. Each accepted request is counted by the version it presented.
/// </summary>
internal sealed partial class SsmAccessTokenSource(
    SsmTokenReader reader,
    IOptions<TokenOptions> options,
    TimeProvider clock,
    ILogger<SsmAccessTokenSource> logger) : IAccessTokenSource
{
    private static readonly Counter CacheHits = Metrics.CreateCounter(
        "token_source_cache_hits_total", "Token checks answered from the cached token, without reading SSM.");

    internal static readonly LabelledCounter Authentications = new(
        "token_source_authentications_total", "Requests whose token was accepted", "version", TokenVersions.All);

    private readonly TokenOptions _options = options.Value;
    private readonly Lock _lock = new();
    private AcceptedTokens? _current;
    private DateTimeOffset _readAt;
    private DateTimeOffset _lastAttemptAt = DateTimeOffset.MinValue;
    private int _failuresInARow;
    private Exception? _lastFailure;
    private Task<AcceptedTokens?>? _read;

    public async ValueTask<TokenMatch> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var tokens = await GetAsync(cancellationToken);
        var match = tokens.Match(presented, clock.GetUtcNow());
        if (match == TokenMatch.None)
        {
            var rechecked = await RecheckAsync(cancellationToken);
            match = ReferenceEquals(rechecked, tokens) ? TokenMatch.None : rechecked.Match(presented, clock.GetUtcNow());
        }

        if (match != TokenMatch.None)
        {
            Authentications.Inc(match == TokenMatch.Current ? TokenVersions.Current : TokenVersions.Previous);
        }

        return match;
    }

    /// <summary>The accepted tokens: cached, or read now when none are known (readiness asks this too).</summary>
    internal async ValueTask<AcceptedTokens> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Task<AcceptedTokens?>? read;
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

    /// <summary>A presented token matched nothing: re-reads SSM unless it was read too recently; the tokens then known.</summary>
    private async ValueTask<AcceptedTokens> RecheckAsync(CancellationToken cancellationToken)
    {
        Task<AcceptedTokens?>? read;
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
            return _current ?? throw new InvalidOperationException("Tokens are rechecked only once some are known.");
        }
    }

    /// <summary>Starts a read unless one ran less than <paramref name="interval"/> ago. Call under the lock.</summary>
    private Task<AcceptedTokens?>? StartReadIfAllowed(DateTimeOffset now, TimeSpan interval)
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

    private async Task<AcceptedTokens?> ReadAsync()
    {
        // Yield first, so that the caller has stored this task in _read (under the lock) before it can complete.
        // The read is detached from any one request: a caller that gives up does not cancel it for the others.
        await Task.Yield();
        AcceptedTokens? known;
        lock (_lock)
        {
            known = _current;
        }

        try
        {
            var tokens = await reader.ReadAsync(known);
            lock (_lock)
            {
                if (known is not null && !known.Current.IsSameSecretAs(tokens.Current))
                {
                    LogRotated(logger, _options.ParameterName, tokens.Current.Version, tokens.Previous is null
                        ? "is no longer accepted"
                        : string.Create(CultureInfo.InvariantCulture, $"is accepted until {tokens.PreviousUntil:u}"));
                }

                _current = tokens;
                _readAt = clock.GetUtcNow();
                _failuresInARow = 0;
                _lastFailure = null;
                _read = null;
            }

            return tokens;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            lock (_lock)
            {
                _failuresInARow++;
                _lastFailure = exception;
                _read = null;
            }

            LogReadFailed(logger, exception, _options.ParameterName, known is not null, exception.Message);
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
                ? new DependencyMisconfiguredException(reader.Dependency, misconfigured.Message, misconfigured)
                : new DependencyUnavailableException(
                    reader.Dependency, $"The token could not be read from SSM: {_lastFailure?.Message ?? "no answer yet"}", RetryDelay(), _lastFailure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The token in {Parameter} was rotated (now version {Version}); the previous one {PreviousAccepted}")]
    private static partial void LogRotated(ILogger logger, string parameter, string version, string previousAccepted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the token from {Parameter} (a token is cached: {HasCachedToken}): {Reason}")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string parameter, bool hasCachedToken, string reason);
}
