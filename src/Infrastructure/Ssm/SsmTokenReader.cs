using System.Globalization;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using EmailPipeline.Application.Common.Security;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>
/// Reads the token parameter (a SecureString, with decryption): its current version and, while that version is
/// younger than <see cref="TokenOptions.RotationGrace"/>, the version before it. The previous value is read by a
/// version selector (<c>name:N</c>): one GetParameter call, covered by the same permission, and no paging through
/// the parameter's history. It is read at most once per version: after a rotation seen here, it is the token that
/// was current until then.
/// </summary>
internal sealed partial class SsmTokenReader(
    IAmazonSimpleSystemsManagement ssm, IOptions<TokenOptions> options, TimeProvider clock, ILogger<SsmTokenReader> logger)
{
    internal static readonly LabelledCounter Reads = new("token_source_reads_total", "Reads of the token parameter from SSM", "result", TokenReads.All);

    private readonly TokenOptions _options = options.Value;
    private readonly AwsCall _aws = new(Dependencies.Ssm, clock);

    public string Dependency => _aws.Dependency;

    /// <summary>
    /// The accepted tokens now, given <paramref name="known"/>, the result of the previous read (which is returned as
    /// is when nothing changed). Throws the Application's dependency exceptions when the current version cannot be
    /// read; a previous version that cannot be read is only logged, and tried again by the next read.
    /// </summary>
    public async Task<AcceptedTokens> ReadAsync(AcceptedTokens? known)
    {
        var parameter = await GetAsync(_options.ParameterName);
        var version = parameter.Version ?? 0;
        if (known is { PreviousUnresolved: false } && known.Version == version)
        {
            return known;
        }

        var current = ExpectedToken.FromSecret(parameter.Value, version.ToString(CultureInfo.InvariantCulture));
        var previousUntil = ModifiedAt(parameter) + _options.RotationGrace;
        if (version <= 1 || _options.RotationGrace <= TimeSpan.Zero || previousUntil <= clock.GetUtcNow())
        {
            return new AcceptedTokens(current, version, Previous: null, previousUntil);
        }

        if (known?.Version == version - 1)
        {
            return new AcceptedTokens(current, version, known.Current, previousUntil);
        }

        try
        {
            var previous = await GetAsync($"{_options.ParameterName}:{version - 1}");
            return new AcceptedTokens(current, version, ExpectedToken.FromSecret(previous.Value, (version - 1).ToString(CultureInfo.InvariantCulture)), previousUntil);
        }
        catch (DependencyUnavailableException exception) when (AwsFailure.HasErrorCode(exception, "ParameterVersionNotFound"))
        {
            // SSM keeps the last 100 versions only: there is no previous value left to accept.
            return new AcceptedTokens(current, version, Previous: null, previousUntil);
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
        {
            LogPreviousUnreadable(logger, exception, _options.ParameterName, version - 1, exception.Message);
            return new AcceptedTokens(current, version, Previous: null, previousUntil, PreviousUnresolved: true);
        }
    }

    private async Task<Parameter> GetAsync(string name)
    {
        try
        {
            var response = await _aws.RunAsync("Reading the token", _options.ReadTimeout, token => ssm.GetParameterAsync(
                new GetParameterRequest { Name = name, WithDecryption = true }, token));
            if (response.Parameter is not { Value: not null } parameter)
            {
                // SSM's answer always holds the parameter: this one is from an endpoint that is not SSM.
                throw new DependencyUnavailableException(Dependency, $"The answer for {name} held no parameter value.", AwsFailure.DefaultRetryAfter);
            }

            Reads.Inc(TokenReads.Success);
            return parameter;
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
        {
            Reads.Inc(exception is DependencyMisconfiguredException ? TokenReads.Misconfigured : TokenReads.Failure);
            throw;
        }
    }

    /// <summary>When the version was written, in UTC; with no date (never seen from SSM), long ago.</summary>
    private static DateTimeOffset ModifiedAt(Parameter parameter) => parameter.LastModifiedDate switch
    {
        null => DateTimeOffset.MinValue,
        { Kind: DateTimeKind.Unspecified } date => new DateTimeOffset(date, TimeSpan.Zero),
        { } date => new DateTimeOffset(date.ToUniversalTime(), TimeSpan.Zero),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the previous token (version {Version} of {Parameter}); only the current one is accepted until it can be: {Reason}")]
    private static partial void LogPreviousUnreadable(ILogger logger, Exception exception, string parameter, long version, string reason);
}
