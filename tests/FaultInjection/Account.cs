using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;

namespace EmailPipeline.FaultInjection;

/// <summary>Every accepted email against every archived object, at the end of a run.</summary>
internal sealed record Account(
    int Sent,
    int Accepted,
    int Archived,
    int Objects,
    int Duplicates,
    IReadOnlyList<int> Lost,
    int ArchivedWithoutTwoHundred,
    IReadOnlyDictionary<string, int> Refused)
{
    public int ServerErrors => Refused.Where(r => r.Key.StartsWith('5')).Sum(r => r.Value);

    public bool Balanced => Lost.Count == 0 && Duplicates == 0;

    /// <summary>Reads every object of the bucket and matches it to the emails the load sent.</summary>
    public static async Task<Account> TakeAsync(Pipeline pipeline, Load load, string runId)
    {
        var keys = await ListKeysAsync(pipeline);
        var archived = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, token) =>
        {
            using var response = await pipeline.S3.GetObjectAsync(pipeline.Bucket, key, token);
            using var body = await JsonDocument.ParseAsync(response.ResponseStream, cancellationToken: token);
            var content = body.RootElement.GetProperty("email_content").GetString()!;
            var prefix = Load.ContentOf(runId, 0)[..^1];
            archived.Add(content.StartsWith(prefix, StringComparison.Ordinal)
                ? int.Parse(content[prefix.Length..], CultureInfo.InvariantCulture)
                : -1);
        });

        var attempts = load.Attempts.ToList();
        var accepted = attempts.Where(a => Faults.IsAccepted(a.Status)).Select(a => a.Email).ToHashSet();
        var byEmail = archived.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        return new Account(
            attempts.Count,
            accepted.Count,
            byEmail.Count,
            keys.Count,
            byEmail.Count(e => e.Value > 1),
            [.. accepted.Where(e => !byEmail.ContainsKey(e)).Order()],
            byEmail.Keys.Count(e => !accepted.Contains(e)),
            attempts.Where(a => !Faults.IsAccepted(a.Status))
                .GroupBy(a => Faults.Describe(a.Status))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()));
    }

    public static async Task<List<string>> ListKeysAsync(Pipeline pipeline)
    {
        var keys = new List<string>();
        string? continuation = null;
        do
        {
            var page = await pipeline.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = pipeline.Bucket, ContinuationToken = continuation });
            keys.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);

        return keys;
    }

    /// <summary>The account, as the last lines of the run's output.</summary>
    public IEnumerable<string> Lines()
    {
        var refused = Refused.Count == 0 ? "none" : string.Join(", ", Refused.Select(r => $"{r.Value:N0} × {r.Key}"));
        yield return $"sent:        {Sent:N0} emails, each once (not accepted: {refused})";
        yield return $"accepted:    {Accepted:N0} (2xx)";
        yield return $"archived:    {Archived:N0} distinct emails in {Objects:N0} objects ({ArchivedWithoutTwoHundred:N0} of them sent without a 2xx answer: in SQS, though the client was told to retry)";
        yield return $"duplicates:  {Duplicates:N0} (emails in more than one object)";
        yield return $"lost:        {Lost.Count:N0} (accepted, not archived){(Lost.Count > 0 ? ": emails " + string.Join(", ", Lost.Take(20)) : "")}";
        yield return $"5xx returned: {ServerErrors:N0}";
    }
}
