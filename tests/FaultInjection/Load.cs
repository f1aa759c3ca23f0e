using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmailPipeline.FaultInjection;

/// <summary>What the load generator got for one email.</summary>
/// <param name="Status">The HTTP status; 0 when no answer came (connection refused or reset, timed out).</param>
internal sealed record Attempt(int Email, int Status, TimeSpan SentAt, TimeSpan Took, bool HasRetryAfter, string Token);

/// <summary>
/// A steady load of distinct emails (email n is due at n / rate seconds), each sent once and never retried; every
/// answer is kept for the account. Bulk clients are in the mix: every <see cref="BulkEvery"/>th email is sent with the
/// next <see cref="BulkSize"/> in one <c>POST /api/emails</c>, and each gets the status of its own result.
/// </summary>
internal sealed class Load(Uri api, string runId, double ratePerSecond, string token) : IDisposable
{
    public const int BulkEvery = 10, BulkSize = 5;

    /// <summary>Longer than any answer the Api may take (its SQS budget is 5 s): a request this slow is hung.</summary>
    public static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = HungAfter };
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _next = -1;
    private volatile string _token = token;

    /// <summary>Time since the load was created, on the clock attempts are stamped with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<Attempt> Attempts => _attempts;

    /// <summary>The token the senders use from now on.</summary>
    public string Token
    {
        get => _token;
        set => _token = value;
    }

    /// <summary>The body the Consumer archives for email <paramref name="email"/>: its content names the run and the email.</summary>
    public static string ContentOf(string runId, int email) => $"fault injection {runId} email {email}";

    /// <summary>
    /// Sends emails at the rate until stopped, each at its due time whatever happened to the ones before (open loop:
    /// an outage that slows answers down does not slow the load down), then waits for every answer.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var sending = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var email = Interlocked.Increment(ref _next);
            var due = TimeSpan.FromSeconds(email / ratePerSecond);
            if (due > _clock.Elapsed)
            {
                try
                {
                    await Task.Delay(due - _clock.Elapsed, stop);
                }
                catch (OperationCanceledException)
                {
                    break; // never sent: not part of the account
                }
            }

            if (email % BulkEvery == 0)
            {
                // Numbers taken at once, so that no probe sent meanwhile gets one of them.
                var last = Interlocked.Add(ref _next, BulkSize - 1);
                sending.Add(SendBulkAsync([.. Enumerable.Range(last - BulkSize + 2, BulkSize - 1).Prepend(email)], _token));
            }
            else
            {
                sending.Add(SendAsync(email, _token));
            }
        }

        await Task.WhenAll(sending);
    }

    /// <summary>Sends one more email now, outside the schedule (a probe), with the given token, to this or another Api.</summary>
    public Task<Attempt> SendOneAsync(string token, Uri? to = null) => SendAsync(Interlocked.Increment(ref _next), token, to);

    public void Dispose() => _http.Dispose();

    private async Task<Attempt> SendAsync(int email, string token, Uri? to = null)
    {
        var sentAt = _clock.Elapsed;
        var body = new { data = Email(email), token };

        Attempt attempt;
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(to ?? _http.BaseAddress!, "/api/email"), body);
            attempt = new Attempt(email, (int)response.StatusCode, sentAt, _clock.Elapsed - sentAt, response.Headers.RetryAfter is not null, token);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            attempt = new Attempt(email, 0, sentAt, _clock.Elapsed - sentAt, false, token);
        }

        _attempts.Enqueue(attempt);
        return attempt;
    }

    /// <summary>Sends several emails in one bulk request; each attempt gets its own result's status (202 for a message id).</summary>
    private async Task SendBulkAsync(int[] emails, string token)
    {
        var sentAt = _clock.Elapsed;
        var statuses = new int[emails.Length];
        var hasRetryAfter = false;
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(_http.BaseAddress!, "/api/emails"), new { emails = emails.Select(Email), token });
            hasRetryAfter = response.Headers.RetryAfter is not null;
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.MultiStatus)
            {
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var results = answer.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToArray();
                results.CopyTo(statuses, 0);
            }
            else
            {
                Array.Fill(statuses, (int)response.StatusCode);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Array.Fill(statuses, 0);
        }

        var took = _clock.Elapsed - sentAt;
        for (var i = 0; i < emails.Length; i++)
        {
            _attempts.Enqueue(new Attempt(emails[i], statuses[i], sentAt, took, hasRetryAfter, token));
        }
    }

    private object Email(int email) => new
    {
        email_subject = "Fault injection",
        email_sender = $"sender-{email}@{runId}.example.org",
        email_timestream = (1_700_000_000 + email).ToString(CultureInfo.InvariantCulture),
        email_content = ContentOf(runId, email),
    };
}
