using System.Globalization;
using Amazon.Extensions.NETCore.Setup;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Infrastructure.Health;
using EmailPipeline.Infrastructure.S3;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.Infrastructure.Sqs.Publishing;
using EmailPipeline.Infrastructure.Ssm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailPipeline.Infrastructure;

/// <summary>
/// The adapters each host uses, and only those: every service is registered here, one line each, with its options
/// validated at start, its dependency's health check, and its metrics, each created with every label value known in
/// advance, so that every series exists (at 0) from the first scrape: a dashboard or alert never has to tell
/// "nothing happened" from "no such series".
/// </summary>
public static class DependencyInjection
{
    /// <summary>The Api's adapters: the token from SSM, and publishing to SQS.</summary>
    public static IServiceCollection AddEmailIngestion(this IServiceCollection services, IConfiguration configuration) => services
        .AddAws(configuration)
        .AddSqs(configuration, attemptTimeout: TimeSpan.FromSeconds(2), SqsOperations.Publishing)
        .AddSqsPublishing(configuration)
        .AddSsm(configuration);

    /// <summary>The Consumer's adapters: polling SQS, and archiving to S3.</summary>
    public static IServiceCollection AddEmailArchiving(this IServiceCollection services, IConfiguration configuration) => services
        .AddAws(configuration)
        // A receive waits up to 20 s for messages: the attempt timeout must outlast it.
        .AddSqs(configuration, attemptTimeout: TimeSpan.FromSeconds(30), SqsOperations.Polling)
        .AddSqsPolling(configuration)
        .AddS3(configuration);

    /// <summary>
    /// The Consumer's dead-letter command: the queue, its dead-letter queue, reading and moving dead letters. Never
    /// started as a host: nothing here runs in the background.
    /// </summary>
    public static IServiceCollection AddDeadLetterTools(this IServiceCollection services, IConfiguration configuration) => services
        .AddAws(configuration)
        .AddSqs(configuration, attemptTimeout: TimeSpan.FromSeconds(10), SqsOperations.DeadLetters)
        .AddSqsDeadLetters(configuration);

    /// <summary>The SDK's own configuration, checked for a region; the clock; readiness checked once at start.</summary>
    private static IServiceCollection AddAws(this IServiceCollection services, IConfiguration configuration)
    {
        // A value the SDK cannot read (AWS__Timeout=abc) is a configuration error like any other: reported at start.
        string? unreadable = null;
        AWSOptions aws;
        try
        {
            aws = configuration.GetAWSOptions();
        }
        catch (ArgumentException exception)
        {
            (aws, unreadable) = (new AWSOptions(), exception.Message);
        }

        services.TryAddDefaultAWSOptions(aws);
        services.AddOptions<AwsRegionCheck>()
            .Validate(_ => unreadable is null, $"The AWS settings cannot be read: {unreadable}")
            .Validate(_ => AwsClientDefaults.RegionIsKnown(aws),
                "No AWS region is configured: set AWS_REGION (or AWS__Region), or an endpoint with AWS_ENDPOINT_URL.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<StartupHealthChecks>();
        return services;
    }

    private static IServiceCollection AddSqs(
        this IServiceCollection services, IConfiguration configuration, TimeSpan attemptTimeout, IReadOnlyList<string> operations)
    {
        SqsMetrics.CreateSeries(operations);
        services.AddOptions<QueueOptions>()
            .Configure(o => o.QueueUrl = configuration[QueueOptions.UrlVariable] ?? string.Empty)
            .Validate(o => QueueOptions.IsValidUrl(o.QueueUrl),
                $"{QueueOptions.UrlVariable} must be set to the queue's URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/emails.")
            .ValidateOnStart();
        services.TryAddAWSService<IAmazonSQS>((config, _) => AwsClientDefaults.UseAttemptTimeout(config, attemptTimeout));
        services.TryAddSingleton<IQueueClient, SqsQueueClient>();
        services.AddHealthChecks().AddCheck<SqsHealthCheck>(Dependencies.Sqs, tags: [HealthTags.Ready]);
        return services;
    }

    private static IServiceCollection AddSqsPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublisherOptions>()
            .Bind(configuration.GetSection(PublisherOptions.Section))
            .Validate(o => o.MaxBatchSize is >= 1 and <= SqsLimits.MaxBatchEntries,
                $"{PublisherOptions.Section}:MaxBatchSize must be between 1 and {SqsLimits.MaxBatchEntries}.")
            .Validate(o => o.MaxConcurrentBatches >= 1, $"{PublisherOptions.Section}:MaxConcurrentBatches must be at least 1.")
            .Validate(o => o.BacklogCapacity >= 1, $"{PublisherOptions.Section}:BacklogCapacity must be at least 1.")
            .Validate(o => o.Timeout > TimeSpan.Zero, $"{PublisherOptions.Section}:Timeout must be positive.")
            .Validate(o => o.Linger >= TimeSpan.Zero && o.BusyLinger >= TimeSpan.Zero && o.BusyLinger < o.Timeout,
                $"{PublisherOptions.Section}:Linger and BusyLinger must not be negative, and BusyLinger must be shorter than Timeout.")
            .ValidateOnStart();
        services.TryAddSingleton<QueueMessageLimit>();
        services.AddHostedService<QueueMessageLimit.Refresher>();
        services.TryAddSingleton<IEmailQueue, SqsEmailPublisher>();
        PublishFailures.Counter.CreateSeries();
        return services;
    }

    private static IServiceCollection AddSqsPolling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PollerOptions>()
            .Bind(configuration.GetSection(PollerOptions.Section))
            .Configure(o => o.PollInterval = ParsePollInterval(configuration[PollerOptions.PollIntervalVariable]) ?? o.PollInterval)
            .Validate(o => ParsePollInterval(configuration[PollerOptions.PollIntervalVariable]) is not null ||
                           string.IsNullOrWhiteSpace(configuration[PollerOptions.PollIntervalVariable]),
                $"{PollerOptions.PollIntervalVariable} must be a number of seconds from 0 to {PollerOptions.MaxPollInterval.TotalSeconds:0}.")
            .Validate(o => o.MaxConcurrency >= 1, $"{PollerOptions.Section}:MaxConcurrency must be at least 1.")
            .Validate(o => o.WaitTime >= TimeSpan.Zero && o.WaitTime <= TimeSpan.FromSeconds(20),
                $"{PollerOptions.Section}:WaitTime must be between 0 and 20 seconds.")
            .Validate(o => o.MessageTimeout > TimeSpan.Zero, $"{PollerOptions.Section}:MessageTimeout must be positive.")
            .Validate(o => o.DrainTimeout > TimeSpan.Zero, $"{PollerOptions.Section}:DrainTimeout must be positive.")
            .Validate(o => o.QueueStatsInterval > TimeSpan.Zero, $"{PollerOptions.Section}:QueueStatsInterval must be positive.")
            .Validate(o => o.VisibilityTimeout is null || (o.VisibilityTimeout > TimeSpan.Zero && o.VisibilityTimeout <= SqsLimits.MaxVisibilityTimeout),
                $"{PollerOptions.Section}:VisibilityTimeout must be more than 0 and at most 12 hours (unset: the queue's own).")
            .ValidateOnStart();
        services.TryAddSingleton<PollerState>();
        services.TryAddSingleton<ReceivedAges>();
        services.TryAddSingleton<PollLoop>();
        services.AddHostedService<PollingService>();
        services.AddHostedService<QueueDepthMonitor>();
        services.AddHealthChecks().AddCheck<PollerHealthCheck>("poller", tags: [HealthTags.Live]);
        MetricSeries.CreateDeclaredBy(typeof(PollLoop));
        MetricSeries.CreateDeclaredBy(typeof(LeaseKeeper));
        MetricSeries.CreateDeclaredBy(typeof(QueueDepthMonitor));
        MetricSeries.CreateDeclaredBy(typeof(PollerState));
        MetricSeries.CreateDeclaredBy(typeof(ReceivedAges));
        MessageWork.Poison.CreateSeries();
        MessageWork.Retries.CreateSeries();
        return services;
    }

    private static IServiceCollection AddSqsDeadLetters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeadLetterOptions>()
            .Bind(configuration.GetSection(DeadLetterOptions.Section))
            .Validate(o => string.IsNullOrEmpty(o.QueueUrl) || QueueOptions.IsValidUrl(o.QueueUrl),
                $"{DeadLetterOptions.Section}:QueueUrl must be the dead-letter queue's URL, or unset to use the queue's redrive policy.")
            .Validate(o => o.Visibility >= TimeSpan.FromSeconds(1) && o.Visibility <= TimeSpan.FromHours(12),
                $"{DeadLetterOptions.Section}:Visibility must be between 1 second and 12 hours (SQS's limits).")
            .Validate(o => o.MoveTaskPollInterval > TimeSpan.Zero, $"{DeadLetterOptions.Section}:MoveTaskPollInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<SqsDeadLetters>();
        services.TryAddSingleton<DeadLetterReader>();
        services.TryAddSingleton<DeadLetterMover>();
        services.TryAddSingleton<IDeadLetterQueue, DeadLetterQueue>();
        return services;
    }

    private static IServiceCollection AddS3(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArchiveOptions>()
            .Bind(configuration.GetSection(ArchiveOptions.Section))
            .Configure(o => o.BucketName = configuration[ArchiveOptions.BucketVariable] ?? string.Empty)
            .Validate(o => !string.IsNullOrWhiteSpace(o.BucketName), $"{ArchiveOptions.BucketVariable} must be set to the archive bucket's name.")
            .Validate(o => o.ServerSideEncryption is "AES256" or "aws:kms",
                $"{ArchiveOptions.Section}:ServerSideEncryption must be AES256 or aws:kms.")
            .Validate(o => o.CallTimeout > TimeSpan.Zero, $"{ArchiveOptions.Section}:CallTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddAWSService<IAmazonS3>((config, provider) =>
        {
            AwsClientDefaults.UseAttemptTimeout(config, TimeSpan.FromSeconds(5));
            // Read the region first: reading ServiceURL before it would make the SDK forget a configured endpoint.
            _ = config.RegionEndpoint;
            var forcePathStyle = provider.GetRequiredService<IOptions<ArchiveOptions>>().Value.ForcePathStyle;
            ((AmazonS3Config)config).ForcePathStyle = forcePathStyle ?? !string.IsNullOrEmpty(config.ServiceURL);
        });
        services.TryAddSingleton<IArchiveStore, S3ArchiveStore>();
        services.AddHealthChecks().AddCheck<S3HealthCheck>(Dependencies.S3, tags: [HealthTags.Ready]);
        MetricSeries.CreateDeclaredBy(typeof(S3ArchiveStore));
        return services;
    }

    private static IServiceCollection AddSsm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenOptions>()
            .Bind(configuration.GetSection(TokenOptions.Section))
            .Configure(o => o.ParameterName = configuration[TokenOptions.ParameterVariable] ?? string.Empty)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ParameterName),
                $"{TokenOptions.ParameterVariable} must be set to the name of the SSM parameter that holds the token.")
            .Validate(o => o.RefreshAfter > TimeSpan.Zero && o.RefreshAfter < TimeSpan.FromSeconds(60),
                $"{TokenOptions.Section}:RefreshAfter must be under 60 seconds, so that a rotated token is honoured within a minute.")
            .Validate(o => o.MinReadInterval > TimeSpan.Zero, $"{TokenOptions.Section}:MinReadInterval must be positive.")
            .Validate(o => o.RotationGrace >= TimeSpan.Zero, $"{TokenOptions.Section}:RotationGrace must not be negative (0 turns it off).")
            .ValidateOnStart();
        services.TryAddAWSService<IAmazonSimpleSystemsManagement>((config, _) => AwsClientDefaults.UseAttemptTimeout(config, TimeSpan.FromSeconds(2)));
        // The reader answers what SSM holds now; the source caches that and decides which tokens a request may use.
        services.TryAddSingleton<SsmTokenReader>();
        services.TryAddSingleton<SsmAccessTokenSource>();
        services.TryAddSingleton<IAccessTokenSource>(provider => provider.GetRequiredService<SsmAccessTokenSource>());
        services.AddHealthChecks().AddCheck<SsmHealthCheck>(Dependencies.Ssm, tags: [HealthTags.Ready]);
        SsmTokenReader.Reads.CreateSeries();
        SsmAccessTokenSource.Authentications.CreateSeries();
        return services;
    }

    private static TimeSpan? ParsePollInterval(string? seconds) =>
        double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
        value >= 0 && value <= PollerOptions.MaxPollInterval.TotalSeconds
            ? TimeSpan.FromSeconds(value)
            : null;

    /// <summary>Carries the start-up checks that the SDK can read its settings and will find a region.</summary>
    private sealed class AwsRegionCheck;
}
