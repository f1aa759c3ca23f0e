using System.Text.Json;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>From POST /api/email to S3, through the built services as processes.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelineTests(Pipeline pipeline)
{
    private const long Timestream = 1_700_000_000; // 2023-11-14T22:13:20Z

    [Fact]
    public async Task TheSample_TravelsFromTheApiToItsExactKey_WithTheExactBody()
    {
        var (status, _) = await pipeline.SubmitAsync(Emails.Sample);

        Assert.Equal(202, status);
        await pipeline.ArchivedAsync();
        Assert.Equal(Emails.SampleBody, await pipeline.Aws.ReadObjectAsync(pipeline.Bucket, Emails.SampleKey));
    }

    [Fact]
    public async Task TheSameEmailPostedTwice_GivesOneObject()
    {
        var sender = Emails.NewSender();
        var email = Emails.Email(sender, Timestream, "twice");

        var first = await pipeline.SubmitAsync(email);
        var second = await pipeline.SubmitAsync(email);
        await pipeline.ArchivedAsync();

        Assert.NotEqual(first.MessageId, second.MessageId);
        var objects = await pipeline.Aws.ListObjectsAsync(pipeline.Bucket, Emails.KeyStem(sender, Timestream));
        Assert.Equal(Emails.KeyStem(sender, Timestream) + ".json", Assert.Single(objects).Key);
    }

    [Fact]
    public async Task TwoEmailsFromOneSenderInOneSecond_GiveTwoObjects()
    {
        var sender = Emails.NewSender();

        var first = await pipeline.SubmitAsync(Emails.Email(sender, Timestream, "one"));
        var second = await pipeline.SubmitAsync(Emails.Email(sender, Timestream, "two"));
        await pipeline.ArchivedAsync();

        Assert.Equal([202, 202], new[] { first.Status, second.Status });
        var objects = await pipeline.Aws.ListObjectsAsync(pipeline.Bucket, Emails.KeyStem(sender, Timestream));
        Assert.Equal(2, objects.Count);
        var contents = await Task.WhenAll(objects.Select(async o =>
            JsonDocument.Parse(await pipeline.Aws.ReadObjectAsync(pipeline.Bucket, o.Key)).RootElement.GetProperty("email_content").GetString()));
        Assert.Equal(["one", "two"], contents.Order());
    }

    [Fact]
    public async Task AWrongTokenAndAnInvalidEmail_Get401And400_AndNeverReachS3()
    {
        var sender = Emails.NewSender();

        var wrongToken = await pipeline.SubmitAsync(Emails.Email(sender, Timestream, "wrong token"), token: "not-the-token");
        var invalid = await pipeline.SubmitAsync(new { email_subject = "x", email_sender = sender, email_timestream = "soon", email_content = "y" });
        // A valid email sent after them: once it is archived, anything sent before it would have been too.
        var marker = await pipeline.SubmitAsync(Emails.Email(sender, Timestream + 1, "marker"));
        await pipeline.ArchivedAsync();

        Assert.Equal(401, wrongToken.Status);
        Assert.Equal(400, invalid.Status);
        Assert.Equal(202, marker.Status);
        Assert.Empty(await pipeline.Aws.ListObjectsAsync(pipeline.Bucket, Emails.KeyStem(sender, Timestream)));
    }

    [Fact]
    public async Task BothMetricsEndpoints_CountWhatHappened()
    {
        const string requests = "api_requests_total";
        const string accepted = "method=\"POST\",endpoint=\"/api/email\",status=\"202\"";
        const string unauthorized = "method=\"POST\",endpoint=\"/api/email\",status=\"401\"";
        var acceptedBefore = await pipeline.Api.MetricAsync(requests, accepted);
        var unauthorizedBefore = await pipeline.Api.MetricAsync(requests, unauthorized);
        var processedBefore = await pipeline.Consumer.MetricAsync("sqs_messages_processed_total");
        var uploadsBefore = await pipeline.Consumer.MetricAsync("s3_uploads_success_total");
        var sender = Emails.NewSender();

        var sent = await pipeline.SubmitAsync(Emails.Email(sender, Timestream, "counted"));
        await pipeline.SubmitAsync(Emails.Email(sender, Timestream, "refused"), token: "nope");
        await pipeline.ArchivedAsync();

        Assert.Equal(acceptedBefore + 1, await pipeline.Api.MetricAsync(requests, accepted));
        Assert.Equal(unauthorizedBefore + 1, await pipeline.Api.MetricAsync(requests, unauthorized));
        Assert.Equal(processedBefore + 1, await pipeline.Consumer.MetricAsync("sqs_messages_processed_total"));
        Assert.Equal(uploadsBefore + 1, await pipeline.Consumer.MetricAsync("s3_uploads_success_total"));
    }

    [Fact]
    public async Task AKilledConsumer_Restarted_ArchivesEveryAcceptedEmailExactlyOnce()
    {
        var sender = Emails.NewSender();
        var contents = Enumerable.Range(0, 30).Select(i => $"email {i}").ToList();
        var killed = pipeline.Consumer;
        var archivedBefore = await killed.MetricAsync("sqs_messages_processed_total");
        foreach (var content in contents)
        {
            Assert.Equal(202, (await pipeline.SubmitAsync(Emails.Email(sender, Timestream, content))).Status);
        }

        // Killed mid-work: some emails archived, some received and not deleted, some still queued.
        await MetricsPage.WaitUntilAsync(killed.Http, "sqs_messages_processed_total", archived => archived > archivedBefore, TimeSpan.FromSeconds(60));
        killed.Process.Kill();
        await killed.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await pipeline.StartConsumerAsync();
        await killed.DisposeAsync();

        await pipeline.ArchivedAsync();

        var objects = await pipeline.Aws.ListObjectsAsync(pipeline.Bucket, Emails.KeyStem(sender, Timestream));
        var archived = await Task.WhenAll(objects.Select(async o =>
            JsonDocument.Parse(await pipeline.Aws.ReadObjectAsync(pipeline.Bucket, o.Key)).RootElement.GetProperty("email_content").GetString()!));
        Assert.Equal(contents.Order(), archived.Order());
        Assert.Equal(0, await pipeline.Aws.CountMessagesAsync(pipeline.DeadLetterQueueUrl));
    }

    [Fact]
    public void TheToken_NeverAppearsInTheServicesOutput()
    {
        Assert.DoesNotContain(pipeline.Api.Process.Output, line => line.Contains(DevelopmentToken.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(pipeline.Consumer.Process.Output, line => line.Contains(DevelopmentToken.Value, StringComparison.Ordinal));
    }
}
