using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using EmailPipeline.Api.Emails;
using EmailPipeline.Application;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Common.Security;
using EmailPipeline.Application.Emails.SubmitEmail;
using EmailPipeline.Application.Emails.SubmitEmails;
using EmailPipeline.TestCommon;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Benchmarks;

/// <summary>
/// What the Api does for one request before the queue: read the body, validate it, run the whole mediator pipeline
/// (logging, timing, authentication, validation, handler), for one email and for a bulk request of a hundred. The
/// queue and token store are in-memory here, so only the service's own work is measured.
/// </summary>
[MemoryDiagnoser]
public class SubmitPathBenchmarks
{
    private const string Token = DevelopmentToken.Value;

    private const string Email =
        """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""";

    private static readonly ReadOnlySequence<byte> Body = new(Encoding.UTF8.GetBytes($$"""{"data":{{Email}},"token":"{{Token}}"}"""));

    private static readonly ReadOnlySequence<byte> BulkBody = new(Encoding.UTF8.GetBytes(
        $$"""{"emails":[{{string.Join(",", Enumerable.Repeat(Email, SubmitEmailsCommand.MaxEmails))}}],"token":"{{Token}}"}"""));

    private ServiceProvider _services = null!;
    private IValidator<SubmitEmailCommand> _validator = null!;
    private SubmitEmailCommand _command = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information))
            .AddApplication(typeof(SubmitEmailCommand), typeof(SubmitEmailsCommand))
            .AddSingleton<IAccessTokenSource>(new FixedTokenSource(ExpectedToken.FromSecret(Token, "1")))
            .AddSingleton<IEmailQueue>(new AcknowledgingQueue())
            .BuildServiceProvider();
        _validator = _services.GetRequiredService<IValidator<SubmitEmailCommand>>();
        var request = SubmitEmailRequest.Parse(Body);
        _command = new SubmitEmailCommand(request.Data, request.Token);
    }

    [GlobalCleanup]
    public void CleanUp() => _services.Dispose();

    [Benchmark]
    public string? ParseBody() => SubmitEmailRequest.Parse(Body).Token;

    [Benchmark]
    public bool Validate() => _validator.Validate(_command).IsValid;

    [Benchmark]
    public async Task<string> ParseAndSendThroughThePipeline()
    {
        var request = SubmitEmailRequest.Parse(Body);
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SubmitEmailCommand(request.Data, request.Token));
        return result.MessageId;
    }

    [Benchmark(OperationsPerInvoke = SubmitEmailsCommand.MaxEmails)]
    public int ParseBulkBodyPerEmail() => SubmitEmailsRequest.Parse(BulkBody).Emails.Count;

    [Benchmark(OperationsPerInvoke = SubmitEmailsCommand.MaxEmails)]
    public async Task<int> ParseBulkAndSendThroughThePipelinePerEmail()
    {
        var request = SubmitEmailsRequest.Parse(BulkBody);
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SubmitEmailsCommand(request.Emails, request.Token));
        return result.Emails.Count;
    }

    private sealed class FixedTokenSource(ExpectedToken token) : IAccessTokenSource
    {
        public ValueTask<TokenMatch> AuthenticateAsync(string presented, CancellationToken cancellationToken) =>
            ValueTask.FromResult(token.Matches(presented) ? TokenMatch.Current : TokenMatch.None);
    }

    private sealed class AcknowledgingQueue : IEmailQueue
    {
        public ValueTask<string> PublishAsync(OutgoingEmail email, CancellationToken cancellationToken) => ValueTask.FromResult("message-id");

        public ValueTask<IReadOnlyList<EmailSubmission>> PublishAllAsync(IReadOnlyList<OutgoingEmail> emails, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<EmailSubmission>>([.. emails.Select(_ => EmailSubmission.Accepted("message-id"))]);
    }
}
